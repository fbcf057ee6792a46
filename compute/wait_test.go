package compute

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func imageAnswer(status string) string {
	return `{"image": {"id": "i1", "status": "` + status + `"}}`
}

func TestWaitImage(t *testing.T) {
	get := func(status string) exchange {
		return exchange{method: http.MethodGet, path: "images/i1", status: 200,
			answer: imageAnswer(status)}
	}
	gone := exchange{method: http.MethodGet, path: "images/i1", status: 404,
		answer: `{"itemNotFound": {"code": 404, "message": "Image not found."}}`}
	fast := WaitOpts{Timeout: 5 * time.Second, Interval: time.Millisecond}

	t.Run("saving then active", func(t *testing.T) {
		cloud := serve(t, get("SAVING"), get("SAVING"), get("ACTIVE"))
		image, err := WaitImage(context.Background(), cloud, "i1", "active", fast)
		require.NoError(t, err)
		assert.Equal(t, "ACTIVE", String(image, "status"))
	})
	t.Run("error ends the wait", func(t *testing.T) {
		cloud := serve(t, get("SAVING"), get("ERROR"))
		_, err := WaitImage(context.Background(), cloud, "i1", "ACTIVE", fast)
		assert.EqualError(t, err, "image i1 went to ERROR while waiting for ACTIVE: "+
			"no fault given")
	})
	t.Run("deleted", func(t *testing.T) {
		cloud := serve(t, get("ACTIVE"), gone)
		image, err := WaitImage(context.Background(), cloud, "i1", "DELETED", fast)
		require.NoError(t, err)
		assert.Equal(t, "DELETED", String(image, "status"))
	})
}

func TestWaitServerFailsAtOnceOnError(t *testing.T) {
	cloud := serve(t,
		exchange{method: http.MethodGet, path: "servers/s1", status: 200,
			answer: `{"server": {"id": "s1", "status": "BUILD"}}`},
		exchange{method: http.MethodGet, path: "servers/s1", status: 200,
			answer: `{"server": {"id": "s1", "status": "ERROR", "fault": {"code": 500,
				"message": "No valid host was found."}}}`},
	)
	_, err := WaitServer(context.Background(), cloud, "s1", "ACTIVE",
		WaitOpts{Timeout: time.Hour, Interval: time.Millisecond})

	var waitErr *WaitError
	require.ErrorAs(t, err, &waitErr)
	assert.Equal(t, "No valid host was found.", waitErr.Fault)
	assert.EqualError(t, err, "server s1 went to ERROR while waiting for ACTIVE: "+
		"No valid host was found.")
}

func TestWaitTimeoutSaysWhereItWasStuck(t *testing.T) {
	cloud := &stuckServer{status: "RESIZE"}
	_, err := WaitServer(context.Background(), cloud, "s1", "VERIFY_RESIZE",
		WaitOpts{Timeout: 300 * time.Millisecond})

	assert.EqualError(t, err, "server s1 is still RESIZE after 300ms waiting for VERIFY_RESIZE")
	// Without an interval the first pauses are short (100 ms, then 200 ms), so
	// it polled more than once in 300 ms, and not in a tight loop.
	assert.GreaterOrEqual(t, cloud.polls, 2)
	assert.LessOrEqual(t, cloud.polls, 5)
}

// stuckServer answers every poll with the same server.
type stuckServer struct {
	status string
	polls  int
}

func (s *stuckServer) Do(context.Context, Request) (*Response, error) {
	s.polls++
	return &Response{Status: 200, Body: Object{"server": Object{"id": "s1",
		"status": s.status}}}, nil
}

func TestWaitForDeletedServerWaitsUntilItIsGone(t *testing.T) {
	show := func(status string) exchange {
		return exchange{method: http.MethodGet, path: "servers/s1", status: 200,
			answer: `{"server": {"id": "s1", "status": "` + status + `"}}`}
	}
	gone := exchange{method: http.MethodGet, path: "servers/s1", status: 404,
		answer: `{"itemNotFound": {"code": 404, "message": "Instance s1 could not be found."}}`}
	// What a real Nova answered while it deleted a server: its status turns
	// DELETED a moment before the server is gone.
	cloud := serve(t, show("ACTIVE"), show("DELETED"), show("DELETED"), gone)

	server, err := WaitServer(context.Background(), cloud, "s1", "DELETED",
		WaitOpts{Timeout: 5 * time.Second, Interval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "DELETED", String(server, "status"))
}
