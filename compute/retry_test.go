package compute

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/compute/sandbox"
)

func answer(status int, retryAfter string) error {
	header := http.Header{}
	if retryAfter != "" {
		header.Set("Retry-After", retryAfter)
	}
	return gophercloud.ErrUnexpectedResponseCode{Actual: status, ResponseHeader: header}
}

func dialError() error {
	return &url.Error{Op: "Post", URL: "http://127.0.0.1:1/",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
}

func readError() error {
	return &url.Error{Op: "Post", URL: "http://127.0.0.1:1/",
		Err: &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}}
}

func TestRetryDecisions(t *testing.T) {
	const servers = "http://127.0.0.1:8774/v2.1/servers"
	const auth = "http://127.0.0.1:5000/v3/auth/tokens"
	tests := []struct {
		name    string
		method  string
		url     string
		err     error
		attempt uint
		retry   bool
		wait    time.Duration // exact wait when not a backoff
	}{
		{"GET 503", "GET", servers, answer(503, ""), 1, true, 0},
		{"GET 502", "GET", servers, answer(502, ""), 1, true, 0},
		{"PUT 504", "PUT", servers + "/1", answer(504, ""), 2, true, 0},
		{"DELETE 503", "DELETE", servers + "/1", answer(503, ""), 1, true, 0},
		{"HEAD 503", "HEAD", servers, answer(503, ""), 1, true, 0},
		{"GET 500 is a bug, not a fault", "GET", servers, answer(500, ""), 1, false, 0},
		{"GET 404", "GET", servers + "/1", answer(404, ""), 1, false, 0},
		{"create 503", "POST", servers, answer(503, ""), 1, false, 0},
		{"action 502", "POST", servers + "/1/action", answer(502, ""), 1, false, 0},
		{"login 503", "POST", auth, answer(503, ""), 1, true, 0},
		{"create 413 with Retry-After", "POST", servers, answer(413, "2"), 1, true,
			2 * time.Second},
		{"create 429 with Retry-After", "POST", servers, answer(429, "1"), 1, true, time.Second},
		{"quota 413 with Retry-After 0", "POST", servers, answer(413, "0"), 1, false, 0},
		{"413 without Retry-After", "POST", servers, answer(413, ""), 1, false, 0},
		{"Retry-After beyond the bound", "GET", servers, answer(429, "61"), 1, false, 0},
		{"GET connection refused", "GET", servers, dialError(), 1, true, 0},
		{"create connection refused: nothing was sent", "POST", servers, dialError(), 1, true, 0},
		{"GET connection reset", "GET", servers, readError(), 1, true, 0},
		{"create connection reset: it may have arrived", "POST", servers, readError(), 1,
			false, 0},
		{"unknown CA", "GET", servers,
			&url.Error{Op: "Get", URL: servers, Err: x509.UnknownAuthorityError{}}, 1, false, 0},
		{"out of retries", "GET", servers, answer(503, ""), 5, false, 0},
		{"not a network error", "GET", servers, errors.New("bad JSON"), 1, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRetrier(RetryPolicy{}, nil)
			var waited []time.Duration
			r.sleep = func(_ context.Context, d time.Duration) error {
				waited = append(waited, d)
				return nil
			}
			err := r.retry(context.Background(), tt.method, tt.url, nil, tt.err, tt.attempt)
			if !tt.retry {
				assert.Equal(t, tt.err, err)
				assert.Empty(t, waited)
				return
			}
			require.NoError(t, err)
			require.Len(t, waited, 1)
			if tt.wait != 0 {
				assert.Equal(t, tt.wait, waited[0])
			}
		})
	}
}

func TestRetryStopsWhenCancelled(t *testing.T) {
	r := newRetrier(RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)

	start := time.Now()
	err := r.retry(ctx, "GET", "http://127.0.0.1/servers", nil, answer(503, ""), 1)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 10*time.Second)

	err = r.retry(ctx, "GET", "http://127.0.0.1/servers", nil, answer(503, ""), 1)
	assert.Equal(t, answer(503, ""), err, "a cancelled request is not tried again")
}

func TestBackoffIsCappedWithJitter(t *testing.T) {
	r := newRetrier(RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}, nil)
	for attempt, full := range map[uint]time.Duration{
		1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond,
		5: time.Second, 40: time.Second,
	} {
		for range 50 {
			d := r.delay(attempt)
			assert.GreaterOrEqual(t, d, full/2, "attempt %d", attempt)
			assert.LessOrEqual(t, d, full, "attempt %d", attempt)
		}
	}
}

func TestGetIsRetriedAfter503(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	// The first GET of flavors gets a 503, the second goes through.
	proxy := newFaultProxy(t, sb.ComputeURL(), func(r *http.Request, n int) bool {
		return r.Method == http.MethodGet && n == 1
	})
	cloud := sandboxCloud(sb)
	cloud.ComputeEndpoint = proxy.URL + "/v2.1/"
	client := connect(t, cloud, Options{})

	listFlavors(t, client)
	assert.Equal(t, 2, proxy.count("GET /v2.1/flavors"))
}

func TestCreateIsNotRetriedAfter503(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{})
	proxy := newFaultProxy(t, sb.ComputeURL(), func(r *http.Request, n int) bool {
		return r.Method == http.MethodPost
	})
	cloud := sandboxCloud(sb)
	cloud.ComputeEndpoint = proxy.URL + "/v2.1/"
	client := connect(t, cloud, Options{})

	_, err := CreateServer(context.Background(), client, serverBody(t, client, "once"))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.Status)
	assert.Equal(t, 1, proxy.count("POST /v2.1/servers"), "a create must not be sent twice")
	assert.Zero(t, log.count(http.MethodPost, "/v2.1/servers", 0))
}

func TestRandom503sAreRetried(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{FailRate: 0.3})
	policy := quickRetries
	policy.MaxRetries = 15 // 0.3^16: a run that fails by bad luck is not worth worrying about
	client := connect(t, sandboxCloud(sb), Options{Retry: policy})

	for range 20 {
		listFlavors(t, client)
	}
	assert.Equal(t, 20, log.count(http.MethodGet, "/v2.1/flavors", http.StatusOK))
	assert.Positive(t, log.count(http.MethodGet, "/v2.1/flavors", http.StatusServiceUnavailable))
}

func TestRateLimitIsWaitedOutForEveryMethod(t *testing.T) {
	// Every second request is answered 429 with Retry-After: 1; the login is
	// the first, so the image lookup, the create and the list each meet one.
	sb, log := startSandbox(t, sandbox.Options{RateLimitEvery: 2, RetryAfter: time.Second})
	client := connect(t, sandboxCloud(sb), Options{})

	start := time.Now()
	_, err := CreateServer(context.Background(), client, serverBody(t, client, "patient"))
	require.NoError(t, err)
	list, err := ListServers(context.Background(), client, ListOpts{})
	require.NoError(t, err)

	assert.Len(t, list, 1, "the create was sent again after its 429 and made one server")
	assert.Equal(t, 1, log.count(http.MethodPost, "/v2.1/servers", http.StatusTooManyRequests))
	assert.Equal(t, 1, log.count(http.MethodPost, "/v2.1/servers", http.StatusAccepted))
	assert.GreaterOrEqual(t, time.Since(start), 3*time.Second, "all three waits were kept")
}

func TestRateLimitBeyondTheBoundFails(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{RateLimitEvery: 2, RetryAfter: 30 * time.Second})
	policy := quickRetries
	policy.MaxRetryAfter = time.Second
	client := connect(t, sandboxCloud(sb), Options{Retry: policy})

	start := time.Now()
	_, err := client.Do(context.Background(), Request{Method: http.MethodGet, Path: "flavors"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTooManyRequests, apiErr.Status)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestExpiredTokenMidScript(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{TokenTTL: 500 * time.Millisecond})
	client := connect(t, sandboxCloud(sb), Options{})
	listFlavors(t, client)
	first := client.Token()
	body := serverBody(t, client, "after-expiry")

	time.Sleep(700 * time.Millisecond)
	_, err := CreateServer(context.Background(), client, body)
	require.NoError(t, err)

	assert.Equal(t, 1, log.count(http.MethodPost, "/v2.1/servers", http.StatusUnauthorized))
	assert.Equal(t, 1, log.count(http.MethodPost, "/v2.1/servers", http.StatusAccepted),
		"one re-authentication, one retry, one server")
	assert.Equal(t, 2, log.logins())
	assert.NotEqual(t, first, client.Token())
}

func TestConnectionRefusedIsRetriedThenReported(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	cloud := Cloud{Name: "gone", Auth: gophercloud.AuthOptions{
		IdentityEndpoint: "http://" + addr + "/v3", Username: "u", Password: "p",
		DomainName: "Default"}}
	var trace strings.Builder
	_, err = Connect(context.Background(), cloud, Options{Retry: quickRetries, Debug: &trace})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection refused")
	assert.Equal(t, DefaultMaxRetries, strings.Count(trace.String(), "after connection error"),
		trace.String())
}
