package compute

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deleteCloud answers DELETE servers/{id}, counting how many requests it
// holds at once; ids starting with "missing" are not found. Requests are held
// until gate of them have been in flight together once (or a second has
// passed), so that a bound too low or too high shows whatever the scheduling.
type deleteCloud struct {
	gate        int
	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	deleted     []string
}

func (c *deleteCloud) Do(ctx context.Context, req Request) (*Response, error) {
	c.mu.Lock()
	c.inFlight++
	c.maxInFlight = max(c.maxInFlight, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	c.hold()

	if req.Method != http.MethodDelete || !strings.HasPrefix(req.Path, "servers/") {
		return nil, errors.New("unexpected request " + req.Method + " " + req.Path)
	}
	id := strings.TrimPrefix(req.Path, "servers/")
	if strings.HasPrefix(id, "missing") {
		return nil, &APIError{Status: http.StatusNotFound, Kind: "itemNotFound",
			Message: "Instance " + id + " could not be found."}
	}
	c.mu.Lock()
	c.deleted = append(c.deleted, id)
	c.mu.Unlock()
	return &Response{Status: http.StatusNoContent}, nil
}

func (c *deleteCloud) hold() {
	for start := time.Now(); time.Since(start) < time.Second; {
		c.mu.Lock()
		full := c.maxInFlight >= c.gate
		c.mu.Unlock()
		if full {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func TestDeleteServers(t *testing.T) {
	tests := []struct {
		name        string
		ids         []string
		workers     int
		maxInFlight int
		err         string
	}{
		{name: "bounded by workers", ids: numberedIDs("s", 20), workers: 5, maxInFlight: 5},
		{name: "default workers", ids: numberedIDs("s", 20), maxInFlight: DefaultDeleteWorkers},
		{name: "fewer ids than workers", ids: numberedIDs("s", 3), workers: 8, maxInFlight: 3},
		{name: "nothing to do", ids: nil, workers: 8, maxInFlight: 0},
		{name: "every failure named", ids: []string{"s1", "missing1", "s2", "missing2"},
			workers: 2, maxInFlight: 2,
			err: "2 of 4 deletes failed: delete server missing1: itemNotFound (404): " +
				"Instance missing1 could not be found; delete server missing2: " +
				"itemNotFound (404): Instance missing2 could not be found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cloud := &deleteCloud{gate: tt.maxInFlight}
			err := DeleteServers(context.Background(), cloud, tt.ids, tt.workers)

			if tt.err == "" {
				require.NoError(t, err)
			} else {
				var all *DeleteAllError
				require.True(t, errors.As(err, &all), "error %v", err)
				assert.Equal(t, tt.err, err.Error())
			}
			assert.Equal(t, tt.maxInFlight, cloud.maxInFlight)
			var want []string
			for _, id := range tt.ids {
				if !strings.HasPrefix(id, "missing") {
					want = append(want, id)
				}
			}
			sort.Strings(cloud.deleted)
			sort.Strings(want)
			assert.Equal(t, want, cloud.deleted)
		})
	}
}

func numberedIDs(prefix string, n int) []string {
	list := make([]string, n)
	for i := range list {
		list[i] = prefix + strings.Repeat("x", i)
	}
	return list
}
