package compute

import (
	"context"
	"fmt"

	"strings"
	"time"
)

// Defaults for WaitServer.
const (
	DefaultWaitTimeout  = 600 * time.Second
	DefaultWaitInterval = 1 * time.Second
)

// WaitOpts bounds WaitServer. Zero values take the defaults.
type WaitOpts struct {
	Timeout  time.Duration
	Interval time.Duration
}

// WaitError says why a wait ended without the status it waited for.
type WaitError struct {
	ID      string
	Want    string
	Status  string // the status the server was in at the end
	Fault   string // the server's fault message, when it went to ERROR
	Timeout time.Duration
}

// Error says which status the server reached or was stuck in.
func (e *WaitError) Error() string {
	if e.Fault != "" || e.Status == "ERROR" {
		fault := e.Fault
		if fault == "" {
			fault = "no fault given"
		}
		return fmt.Sprintf("server %s went to ERROR while waiting for %s: %s", e.ID, e.Want, fault)
	}
	return fmt.Sprintf("server %s is still %s after %s waiting for %s",
		e.ID, e.Status, e.Timeout, e.Want)
}

// WaitServer polls a server until its status is want. DELETED waits until the
// server is gone. A server that reaches ERROR ends the wait at once.
func WaitServer(ctx context.Context, r Requester, id, want string,
	opts WaitOpts) (Object, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultWaitTimeout
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultWaitInterval
	}
	want = strings.ToUpper(want)
	deadline := time.Now().Add(opts.Timeout)

	for {
		server, err := GetServer(ctx, r, id)
		if want == "DELETED" && IsNotFound(err) {
			return Object{"id": id, "status": "DELETED"}, nil
		}
		if err != nil {
			return nil, err
		}

		status := String(server, "status")
		switch {
		case status == want:
			return server, nil
		case status == "ERROR":
			fault, _ := server["fault"].(Object)
			return nil, &WaitError{ID: id, Want: want, Status: status,
				Fault: String(fault, "message")}
		case time.Now().After(deadline):
			return nil, &WaitError{ID: id, Want: want, Status: status, Timeout: opts.Timeout}
		}

		if err := sleep(ctx, opts.Interval); err != nil {
			return nil, err
		}
	}
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
