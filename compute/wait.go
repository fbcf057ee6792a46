package compute

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Defaults for WaitServer and WaitImage.
const (
	DefaultWaitTimeout  = 600 * time.Second
	DefaultWaitInterval = 1 * time.Second

	// firstPoll is the first pause of a wait without an explicit interval:
	// the pause doubles from there up to DefaultWaitInterval, so that quick
	// transitions are seen quickly and slow ones are not polled too often.
	firstPoll = 100 * time.Millisecond
)

// WaitOpts bounds WaitServer and WaitImage.
type WaitOpts struct {
	Timeout time.Duration // zero means DefaultWaitTimeout

	// Interval is the pause between two polls. Zero starts with short pauses
	// that grow to DefaultWaitInterval.
	Interval time.Duration
}

// WaitError says why a wait ended without the status it waited for.
type WaitError struct {
	Kind    string // "server" or "image"
	ID      string
	Want    string
	Status  string // the status it was in at the end
	Fault   string // the server's fault message, when it went to ERROR
	Timeout time.Duration
}

// Error says which status was reached, or which status the wait was stuck in.
func (e *WaitError) Error() string {
	kind := e.Kind
	if kind == "" {
		kind = "server"
	}
	if e.Timeout == 0 {
		fault := e.Fault
		if fault == "" {
			fault = "no fault given"
		}
		return fmt.Sprintf("%s %s went to %s while waiting for %s: %s", kind, e.ID, e.Status,
			e.Want, fault)
	}
	return fmt.Sprintf("%s %s is still %s after %s waiting for %s",
		kind, e.ID, e.Status, e.Timeout, e.Want)
}

// WaitServer polls a server until its status is want. DELETED waits until the
// server is gone. A server that reaches ERROR ends the wait at once, with its
// fault message.
func WaitServer(ctx context.Context, r Requester, id, want string,
	opts WaitOpts) (Object, error) {
	get := func(ctx context.Context) (Object, error) { return GetServer(ctx, r, id) }
	return waitFor(ctx, "server", id, want, opts, get)
}

// WaitImage polls an image until its status is want. DELETED waits until the
// image is gone. An image that reaches ERROR, or is deleted while the wait is
// for another status, ends the wait at once.
func WaitImage(ctx context.Context, r Requester, id, want string,
	opts WaitOpts) (Object, error) {
	get := func(ctx context.Context) (Object, error) { return GetImage(ctx, r, id) }
	return waitFor(ctx, "image", id, want, opts, get)
}

// waitFor polls get until the status of what it returns is want.
func waitFor(ctx context.Context, kind, id, want string, opts WaitOpts,
	get func(context.Context) (Object, error)) (Object, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultWaitTimeout
	}
	want = strings.ToUpper(want)
	deadline := time.Now().Add(opts.Timeout)
	pause := opts.Interval
	if pause <= 0 {
		pause = firstPoll
	}

	for {
		item, err := get(ctx)
		if want == "DELETED" && IsNotFound(err) {
			return Object{"id": id, "status": "DELETED"}, nil
		}
		if err != nil {
			return nil, err
		}

		status := String(item, "status")
		switch {
		case status == want && !(kind == "server" && want == "DELETED"):
			return item, nil
		case status == want:
			// Nova shows a server as DELETED for a moment before it is gone,
			// and a wait for DELETED is a wait for it to be gone.
		case isFinal(status):
			fault, _ := item["fault"].(Object)
			return nil, &WaitError{Kind: kind, ID: id, Want: want, Status: status,
				Fault: String(fault, "message")}
		}
		if time.Now().After(deadline) {
			return nil, &WaitError{Kind: kind, ID: id, Want: want, Status: status,
				Timeout: opts.Timeout}
		}
		if err := sleep(ctx, min(pause, time.Until(deadline)+time.Millisecond)); err != nil {
			return nil, err
		}
		if opts.Interval <= 0 {
			pause = min(2*pause, DefaultWaitInterval)
		}
	}
}

// isFinal reports whether nothing but a user's action can move a server or an
// image out of status.
func isFinal(status string) bool {
	return status == "ERROR" || status == "DELETED"
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// FindServer returns the details of the one server named name.
func FindServer(ctx context.Context, r Requester, name string) (Object, error) {
	// Nova's name filter is a regular expression; anchor and quote it, then
	// compare exactly, since clouds differ in how they apply it.
	pattern := "^" + quoteRegexp(name) + "$"
	servers, err := ListServers(ctx, r, ListOpts{Detail: true, Name: pattern})
	if err != nil {
		return nil, err
	}
	var matches []Object
	for _, server := range servers {
		if String(server, "name") == name {
			matches = append(matches, server)
		}
	}
	if len(matches) == 1 {
		return matches[0], nil
	}
	return nil, &ResolveError{Kind: "server", Ref: name, Candidates: describe(matches),
		Ambiguous: len(matches) > 1}
}

func quoteRegexp(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
