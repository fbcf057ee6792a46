package compute

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// WaitFailure is one server that did not reach the status WaitServers
// waited for.
type WaitFailure struct {
	Index  int // position of the server in the ids given to WaitServers
	ID     string
	Status string // the last status seen; DELETED when the server is gone
	Fault  string // the server's fault message, when it went to ERROR
	Err    error  // says what happened, in one line
}

// WaitAllError lists every server that did not reach the status that
// WaitServers waited for, in the order of the ids.
type WaitAllError struct {
	Want   string
	Total  int
	Failed []WaitFailure
}

// maxListedFailures bounds how many failures Error names, to keep it one
// readable line; the rest are counted.
const maxListedFailures = 5

// Error names the failed servers and why each failed.
func (e *WaitAllError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d servers did not reach %s: ", len(e.Failed), e.Total, e.Want)
	for i, failure := range e.Failed {
		if i == maxListedFailures {
			fmt.Fprintf(&b, "; and %d more", len(e.Failed)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(failure.Err.Error())
	}
	return b.String()
}

// WaitServers waits until every server in ids has status want. Each polling
// round costs one detailed listing of the project's servers (one request per
// 1,000 servers), however many ids there are. DELETED waits until the
// servers are gone.
//
// A server fails when it goes to ERROR, when it is gone while waiting for
// another status, or when it has not reached want by the timeout. Failures do
// not end the wait for the others: once every server has reached want or
// failed, WaitServers returns the servers in the order of ids, with nil for
// each that failed, and a *WaitAllError when any did.
func WaitServers(ctx context.Context, r Requester, ids []string, want string,
	opts WaitOpts) ([]Object, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultWaitTimeout
	}
	w := &waitAll{r: r, ids: ids, want: strings.ToUpper(want), opts: opts,
		done: make([]Object, len(ids)), failed: map[int]WaitFailure{}}
	deadline := time.Now().Add(opts.Timeout)
	pause := opts.Interval
	if pause <= 0 {
		pause = firstPoll
	}

	for {
		if err := w.poll(ctx); err != nil {
			return nil, err
		}
		if w.settled() {
			return w.result()
		}
		if time.Now().After(deadline) {
			w.timeOut()
			return w.result()
		}

		if err := sleep(ctx, min(pause, time.Until(deadline)+time.Millisecond)); err != nil {
			return nil, err
		}
		if opts.Interval <= 0 {
			pause = min(2*pause, DefaultWaitInterval)
		}
	}
}

// waitAll is the state of one WaitServers call.
type waitAll struct {
	r    Requester
	ids  []string
	want string
	opts WaitOpts

	done   []Object            // servers that reached want, by position
	failed map[int]WaitFailure // by position
	last   map[string]string   // the status each server had at the last poll
}

// poll lists the servers once and settles every server that reached want or
// failed.
func (w *waitAll) poll(ctx context.Context) error {
	servers, err := ListServers(ctx, w.r, ListOpts{Detail: true})
	if err != nil {
		return fmt.Errorf("wait for servers: %w", err)
	}
	byID := make(map[string]Object, len(servers))
	for _, server := range servers {
		byID[String(server, "id")] = server
	}

	w.last = map[string]string{}
	for i, id := range w.ids {
		if w.isSettled(i) {
			continue
		}
		server, found := byID[id]
		if !found {
			server, err = w.absent(ctx, id)
			if err != nil {
				return err
			}
		}
		w.settle(i, id, server)
	}
	return nil
}

// absent looks up a server that the listing did not show. That is what
// DELETED waits for; for any other status, a GET tells whether the server is
// gone or only missing from the listing. A gone server comes back as nil.
func (w *waitAll) absent(ctx context.Context, id string) (Object, error) {
	if w.want == "DELETED" {
		return nil, nil
	}
	server, err := GetServer(ctx, w.r, id)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("wait for servers: %w", err)
	}
	return server, nil
}

// settle records server (nil when gone) as done or failed, or notes its
// status for a later round.
func (w *waitAll) settle(i int, id string, server Object) {
	status := "DELETED"
	if server != nil {
		status = String(server, "status")
	}
	switch {
	case server == nil && w.want == "DELETED":
		w.done[i] = Object{"id": id, "status": "DELETED"}
	case w.want == "DELETED":
		// Nova lists a server as DELETED for a while before it is gone.
		w.last[id] = status
	case status == w.want:
		w.done[i] = server
	case server == nil || status == "DELETED":
		err := fmt.Errorf("server %s was deleted while waiting for %s", id, w.want)
		w.failed[i] = WaitFailure{Index: i, ID: id, Status: "DELETED", Err: err}
	case status == "ERROR":
		fault, _ := server["fault"].(Object)
		werr := &WaitError{ID: id, Want: w.want, Status: status, Fault: String(fault, "message")}
		w.failed[i] = WaitFailure{Index: i, ID: id, Status: status, Fault: werr.Fault, Err: werr}
	default:
		w.last[id] = status
	}
}

func (w *waitAll) isSettled(i int) bool {
	_, failed := w.failed[i]
	return failed || w.done[i] != nil
}

func (w *waitAll) settled() bool {
	for i := range w.ids {
		if !w.isSettled(i) {
			return false
		}
	}
	return true
}

// timeOut fails every server that is still waiting.
func (w *waitAll) timeOut() {
	for i, id := range w.ids {
		if w.isSettled(i) {
			continue
		}
		status := w.last[id]
		werr := &WaitError{ID: id, Want: w.want, Status: status, Timeout: w.opts.Timeout}
		w.failed[i] = WaitFailure{Index: i, ID: id, Status: status, Err: werr}
	}
}

func (w *waitAll) result() ([]Object, error) {
	if len(w.failed) == 0 {
		return w.done, nil
	}
	failures := make([]WaitFailure, 0, len(w.failed))
	for _, failure := range w.failed {
		failures = append(failures, failure)
	}
	sort.Slice(failures, func(a, b int) bool { return failures[a].Index < failures[b].Index })
	return w.done, &WaitAllError{Want: w.want, Total: len(w.ids), Failed: failures}
}
