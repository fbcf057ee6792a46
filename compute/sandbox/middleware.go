package sandbox

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// kind says which service a listener plays, since their error bodies differ.
type kind int

const (
	kindIdentity kind = iota
	kindCompute
)

// maxBody is oslo.middleware's default request size limit, which Nova runs behind.
const maxBody = 114688

// reqIDKey is where wrap leaves the request id for handlers.
type reqIDKey struct{}

// recorder remembers the status a handler answered with, and calls answered
// with it before any of the answer can reach the client: a client that has
// its answer can count on the request having been recorded.
type recorder struct {
	http.ResponseWriter
	status   int
	answered func(status int)
}

func (r *recorder) WriteHeader(code int) {
	r.setStatus(code)
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.setStatus(http.StatusOK)
	return r.ResponseWriter.Write(p)
}

func (r *recorder) setStatus(code int) {
	if r.status != 0 {
		return
	}
	r.status = code
	if r.answered != nil {
		r.answered(code)
	}
}

// wrap adds what every request gets: the in-flight count, request id headers, the body
// limit, injected latency and faults, the log line and the OnRequest hook.
func (s *Sandbox) wrap(k kind, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.enter()
		defer s.inFlight.Add(-1)

		id := newRequestID()
		w.Header().Set("X-Openstack-Request-Id", id)
		w.Header().Set("X-Compute-Request-Id", id)
		body, tooBig := readBody(r)
		rec := &recorder{ResponseWriter: w, answered: func(status int) {
			if s.opts.OnRequest != nil {
				s.opts.OnRequest(Recorded{Method: r.Method, Path: r.URL.Path,
					Query: r.URL.RawQuery, Body: body, Status: status})
			}
		}}
		s.handle(k, rec, r, tooBig, h)
		rec.setStatus(http.StatusOK)

		s.logLine(r, start, rec.status)
	})
}

// handle answers the request: injected faults first, as a proxy in front of the cloud
// would, then the handler.
func (s *Sandbox) handle(k kind, w http.ResponseWriter, r *http.Request, tooBig bool,
	h http.Handler) {
	if !s.delay(r) {
		writeFault(k, w, http.StatusServiceUnavailable, "The request was cancelled.")
		return
	}
	if tooBig {
		writeFault(k, w, http.StatusRequestEntityTooLarge, "Request is too large.")
		return
	}
	if s.injectFault(k, w) {
		return
	}
	h.ServeHTTP(w, r)
}

func (s *Sandbox) enter() {
	n := s.inFlight.Add(1)
	for {
		m := s.maxInFlight.Load()
		if n <= m || s.maxInFlight.CompareAndSwap(m, n) {
			return
		}
	}
}

// readBody buffers the request body so that handlers and OnRequest both see it.
func readBody(r *http.Request) (body []byte, tooBig bool) {
	if r.Body == nil {
		return nil, false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body.Close()
	if err != nil || len(body) == 0 {
		body = nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, len(body) > maxBody
}

// bodyBytes returns the request body readBody buffered.
func bodyBytes(r *http.Request) []byte {
	raw, _ := io.ReadAll(r.Body)
	return raw
}

// delay waits for the configured latency; false means the client went away meanwhile.
func (s *Sandbox) delay(r *http.Request) bool {
	if s.opts.Latency <= 0 {
		return true
	}
	t := time.NewTimer(s.opts.Latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// injectFault answers the request with a 429 or 503 when the options say so.
func (s *Sandbox) injectFault(k kind, w http.ResponseWriter) bool {
	n := s.requests.Add(1)
	if every := int64(s.opts.RateLimitEvery); every > 0 && n%every == 0 {
		secs := int(math.Ceil(s.opts.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeFault(k, w, http.StatusTooManyRequests, "This request was rate-limited.")
		return true
	}
	if s.opts.FailRate > 0 && mrand.Float64() < s.opts.FailRate {
		writeFault(k, w, http.StatusServiceUnavailable,
			"The server is currently unavailable. Please try again at a later time.")
		return true
	}
	return false
}

// logLine writes one line per request: when it started, method, path, status and how
// long it took. Paths never hold tokens or passwords, and nothing else is written.
func (s *Sandbox) logLine(r *http.Request, start time.Time, status int) {
	if s.opts.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, "%s %s %s %d %s\n", start.UTC().Format(time.RFC3339Nano),
		r.Method, r.URL.EscapedPath(), status, time.Since(start).Round(time.Microsecond))
}

// writeFault writes an error body in the style of the service.
func writeFault(k kind, w http.ResponseWriter, code int, msg string) {
	if k == kindIdentity {
		writeKeystoneError(w, code, msg)
		return
	}
	writeNovaFault(w, code, msg)
}

func newRequestID() string {
	return "req-" + newUUID()
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails: the runtime aborts instead
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
