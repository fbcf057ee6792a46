package compute

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// tracer writes each HTTP exchange as a curl command that can be pasted into
// a shell, followed by comment lines with the answer's status, request id,
// duration and body. Tokens appear only as a short hash and passwords as ***.
// A nil *tracer writes nothing.
type tracer struct {
	mu      sync.Mutex
	w       io.Writer
	secrets *secrets
}

func newTracer(w io.Writer, s *secrets) *tracer {
	if w == nil {
		return nil
	}
	return &tracer{w: w, secrets: s}
}

// maxTracedBody is how much of a body the trace shows.
const maxTracedBody = 16 << 10

// note writes one comment line.
func (t *tracer) note(format string, args ...any) {
	if t == nil {
		return
	}
	t.write("# " + fmt.Sprintf(format, args...) + "\n")
}

func (t *tracer) write(text string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.w, t.secrets.scrub(text))
}

// transport wraps next so that every request and answer is traced.
func (t *tracer) transport(next http.RoundTripper) http.RoundTripper {
	if t == nil {
		return next
	}
	return &tracingTransport{next: next, trace: t}
}

type tracingTransport struct {
	next  http.RoundTripper
	trace *tracer
}

// CloseIdleConnections closes the idle connections of the transport it wraps.
func (tt *tracingTransport) CloseIdleConnections() {
	if closer, ok := tt.next.(interface{ CloseIdleConnections() }); ok {
		closer.CloseIdleConnections()
	}
}

// RoundTrip traces req, sends it and traces the answer.
func (tt *tracingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := peekRequestBody(req)
	if err != nil {
		return nil, err
	}
	tt.trace.secrets.learnHeaders(req.Header)
	tt.trace.write(curlCommand(req, body, tt.trace.secrets))

	start := time.Now()
	resp, err := tt.next.RoundTrip(req)
	took := roundToMillis(time.Since(start))
	if err != nil {
		tt.trace.note("failed after %s: %v", took, err)
		return nil, err
	}

	tt.trace.secrets.learnHeaders(resp.Header)
	answer, err := peekResponseBody(resp)
	tt.trace.write(describeResponse(resp, answer, took, tt.trace.secrets))
	return resp, err
}

func peekRequestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read the request body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}

func peekResponseBody(resp *http.Response) ([]byte, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body, err
}

// curlCommand writes req as one line of shell.
func curlCommand(req *http.Request, body []byte, s *secrets) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -g -i -X %s %s", req.Method, shellQuote(req.URL.String()))

	names := make([]string, 0, len(req.Header))
	for name := range req.Header {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, value := range req.Header[name] {
			header := name + ": " + s.headerValue(name, value)
			b.WriteString(" -H " + shellQuote(header))
		}
	}

	if len(body) > 0 {
		b.WriteString(" -d " + shellQuote(s.redactBody(body)))
	}
	b.WriteString("\n")
	return b.String()
}

// tracedHeaders are the answer headers worth showing besides the request id.
var tracedHeaders = []string{"Location", "Retry-After", "X-Subject-Token"}

func describeResponse(resp *http.Response, body []byte, took time.Duration,
	s *secrets) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s", resp.Status)
	if id := requestID(resp.Header); id != "" {
		fmt.Fprintf(&b, ", request id %s", id)
	}
	fmt.Fprintf(&b, ", %s\n", took)

	for _, name := range tracedHeaders {
		if value := resp.Header.Get(name); value != "" {
			fmt.Fprintf(&b, "# %s: %s\n", name, s.headerValue(name, value))
		}
	}

	if text := s.redactBody(body); text != "" {
		if len(text) > maxTracedBody {
			text = text[:maxTracedBody] + fmt.Sprintf("... (%d bytes in all)", len(text))
		}
		b.WriteString("# " + strings.ReplaceAll(text, "\n", "\n# ") + "\n")
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// roundToMillis keeps traces readable: whole milliseconds, and 1ms for
// anything faster, since "0s" reads like a missing time.
func roundToMillis(d time.Duration) time.Duration {
	return max(d.Round(time.Millisecond), time.Millisecond)
}
