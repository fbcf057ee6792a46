package compute

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// DefaultDeleteWorkers is how many deletes DeleteServers keeps in flight when
// the caller does not say.
const DefaultDeleteWorkers = 8

// DeleteAllError lists every server that DeleteServers could not delete, in
// the order of the ids.
type DeleteAllError struct {
	Total  int
	Failed []error
}

// Error names every failed delete.
func (e *DeleteAllError) Error() string {
	reasons := make([]string, len(e.Failed))
	for i, err := range e.Failed {
		reasons[i] = err.Error()
	}
	return fmt.Sprintf("%d of %d deletes failed: %s", len(e.Failed), e.Total,
		strings.Join(reasons, "; "))
}

// DeleteServers deletes every server in ids, with at most workers requests in
// flight at once. Every delete is tried; when any fails, the error is a
// *DeleteAllError that names each failure. As with DeleteServer, the cloud
// answers before the servers are gone.
func DeleteServers(ctx context.Context, r Requester, ids []string, workers int) error {
	if workers < 1 {
		workers = DefaultDeleteWorkers
	}
	errs := make([]error, len(ids))
	slots := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, id := range ids {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = DeleteServer(ctx, r, id)
			<-slots
		}()
	}
	wg.Wait()

	var failed []error
	for _, err := range errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	if len(failed) > 0 {
		return &DeleteAllError{Total: len(ids), Failed: failed}
	}
	return nil
}
