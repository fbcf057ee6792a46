package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRateLimitEveryNthRequest(t *testing.T) {
	sb := startSandbox(t, Options{RateLimitEvery: 3, RetryAfter: 1500 * time.Millisecond})
	c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}
	c.token = c.issueToken() // request 1

	var codes []int
	for range 6 { // requests 2..7
		resp := c.call(http.MethodGet, "/flavors", nil)
		codes = append(codes, resp.status)
		if resp.status == http.StatusTooManyRequests {
			assert.Equal(t, "2", resp.header.Get("Retry-After"), "seconds, rounded up")
			assert.EqualValues(t, 429, dig(resp.body, "overLimit", "code"))
		}
	}
	assert.Equal(t, []int{200, 429, 200, 200, 429, 200}, codes)

	resp := c.raw(http.MethodPost, sb.AuthURL()+"/auth/tokens", "{}", nil) // request 8
	require.Equal(t, http.StatusBadRequest, resp.status)
	resp = c.raw(http.MethodGet, sb.AuthURL(), nil, nil) // request 9, on identity
	assert.Equal(t, http.StatusTooManyRequests, resp.status)
	assert.Equal(t, "Too Many Requests", dig(resp.body, "error", "title"))
}

func TestFailRate(t *testing.T) {
	for _, tt := range []struct {
		rate float64
		want int
	}{{1, http.StatusServiceUnavailable}, {0, http.StatusOK}} {
		sb := startSandbox(t, Options{FailRate: tt.rate})
		c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}
		for range 5 {
			resp := c.raw(http.MethodGet, sb.ComputeURL()+"/", nil, nil)
			require.Equal(t, tt.want, resp.status)
			if tt.want == http.StatusServiceUnavailable {
				assert.EqualValues(t, 503, dig(resp.body, "serviceUnavailable", "code"))
			}
		}
	}

	// Half the requests fail, at random: over 200 tries both outcomes show up.
	sb := startSandbox(t, Options{FailRate: 0.5})
	c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}
	seen := map[int]int{}
	for range 200 {
		seen[c.raw(http.MethodGet, sb.ComputeURL()+"/", nil, nil).status]++
	}
	assert.Len(t, seen, 2, "%v", seen)
}

func TestLatencyIsAddedToEveryRequest(t *testing.T) {
	sb := startSandbox(t, Options{Latency: 80 * time.Millisecond})
	c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}
	start := time.Now()
	c.raw(http.MethodGet, sb.ComputeURL()+"/", nil, nil)
	// A lower bound only: the request cannot be answered before the latency has passed.
	assert.GreaterOrEqual(t, time.Since(start), 80*time.Millisecond)
}

func TestExpiredTokenIsRefused(t *testing.T) {
	sb, c, clock := startClocked(t, Options{TokenTTL: time.Minute})
	assert.Equal(t, http.StatusOK, c.call(http.MethodGet, "/flavors", nil).status)
	clock.Add(time.Minute)
	resp := c.call(http.MethodGet, "/flavors", nil)
	require.Equal(t, http.StatusUnauthorized, resp.status)
	assert.Equal(t, msgAuthRequired, dig(resp.body, "error", "message"))
	resp = c.raw(http.MethodGet, sb.AuthURL()+"/auth/catalog", nil,
		map[string]string{"X-Auth-Token": c.token})
	assert.Equal(t, http.StatusUnauthorized, resp.status)
}

func TestFailBuildsEndsInError(t *testing.T) {
	_, c, clock := startClocked(t, Options{FailBuilds: "doomed-*"})
	bad := c.createServer("doomed-1", nil)
	good := c.createServer("fine-1", nil)
	st, _, _ := c.status(bad)
	assert.Equal(t, "BUILD", st)

	clock.Add(time.Second)
	srv := c.call(http.MethodGet, "/servers/"+bad, nil).body["server"]
	assert.Equal(t, "ERROR", dig(srv, "status"))
	assert.Equal(t, "error", dig(srv, "OS-EXT-STS:vm_state"))
	assert.EqualValues(t, 0, dig(srv, "OS-EXT-STS:power_state"))
	assert.EqualValues(t, 500, dig(srv, "fault", "code"))
	assert.Contains(t, dig(srv, "fault", "message"), bad)
	assert.Equal(t, "2026-03-04T05:06:08Z", dig(srv, "fault", "created"))
	assert.Nil(t, dig(srv, "OS-SRV-USG:launched_at"))
	st, _, _ = c.status(good)
	assert.Equal(t, "ACTIVE", st)

	resp := c.action(bad, `{"reboot": {"type": "SOFT"}}`)
	assert.Equal(t, http.StatusConflict, resp.status)
	resp = c.action(bad, `{"reboot": {"type": "HARD"}}`)
	require.Equal(t, http.StatusAccepted, resp.status, "a hard reboot recovers from ERROR")
	clock.Add(time.Second)
	srv = c.call(http.MethodGet, "/servers/"+bad, nil).body["server"]
	assert.Equal(t, "ACTIVE", dig(srv, "status"))
	assert.Nil(t, dig(srv, "fault"))
}

func TestOnRequestAndLog(t *testing.T) {
	var mu sync.Mutex
	var got []Recorded
	var log bytes.Buffer
	sb := startSandbox(t, Options{Log: &syncWriter{w: &log}, OnRequest: func(r Recorded) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r)
	}})
	c := newClient(t, sb)
	c.call(http.MethodGet, "/servers?name=x", nil)
	c.call(http.MethodPost, "/servers", `{"server": {}}`)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 3)
	assert.Equal(t, Recorded{Method: "GET", Path: "/v2.1/servers", Query: "name=x",
		Status: 200}, got[1])
	assert.Equal(t, "POST", got[2].Method)
	assert.Equal(t, `{"server": {}}`, string(got[2].Body))
	assert.Equal(t, 400, got[2].Status)

	mu.Unlock()
	resp := c.call(http.MethodPost, "/servers", strings.Repeat(" ", maxBody+1))
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.status)
	assert.Equal(t, "Request is too large.", dig(resp.body, "overLimit", "message"))
	mu.Lock()

	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	require.Len(t, lines, 4)
	assert.Regexp(t, `^20\d\d-\d\d-\d\dT\S+Z POST /v3/auth/tokens 201 \S+$`, lines[0])
	assert.Regexp(t, `^20\d\d-\d\d-\d\dT\S+Z GET /v2.1/servers 200 \S+$`, lines[1])
	assert.Regexp(t, `^20\d\d-\d\d-\d\dT\S+Z POST /v2.1/servers 400 \S+$`, lines[2])
	assert.Regexp(t, `^20\d\d-\d\d-\d\dT\S+Z POST /v2.1/servers 413 \S+$`, lines[3])
	assert.NotContains(t, log.String(), c.token)
	assert.NotContains(t, log.String(), Password)
}

// syncWriter serialises writes for the race detector's sake.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func TestMaxInFlight(t *testing.T) {
	sb := startSandbox(t, Options{Latency: time.Minute})
	assert.Equal(t, 0, sb.MaxInFlight())

	// Four requests wait out the latency together until the test cancels them.
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sb.ComputeURL()+"/", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	require.Eventually(t, func() bool { return sb.inFlight.Load() == 4 }, 10*time.Second,
		time.Millisecond)
	cancel()
	wg.Wait()
	assert.Equal(t, 4, sb.MaxInFlight())
}

func TestOptionsFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}

	o, err := OptionsFromEnv(env(
		"NOVALUA_SANDBOX_LATENCY", "50ms", "NOVALUA_SANDBOX_BUILD_TIME", "2s",
		"NOVALUA_SANDBOX_FAIL_RATE", "0.25", "NOVALUA_SANDBOX_RATE_LIMIT_EVERY", "10",
		"NOVALUA_SANDBOX_RETRY_AFTER", "3s", "NOVALUA_SANDBOX_TOKEN_TTL", "5m",
		"NOVALUA_SANDBOX_FAIL_BUILDS", "bad-*", "NOVALUA_SANDBOX_STATE", "/tmp/x"))
	require.NoError(t, err)
	assert.Equal(t, Options{Latency: 50 * time.Millisecond, BuildTime: 2 * time.Second,
		FailRate: 0.25, RateLimitEvery: 10, RetryAfter: 3 * time.Second,
		TokenTTL: 5 * time.Minute, FailBuilds: "bad-*", StateDir: "/tmp/x"}, o)

	o, err = OptionsFromEnv(env())
	require.NoError(t, err)
	assert.Equal(t, Options{}, o)

	bad := []struct{ name, value string }{
		{"NOVALUA_SANDBOX_LATENCY", "fast"},
		{"NOVALUA_SANDBOX_BUILD_TIME", "-1s"},
		{"NOVALUA_SANDBOX_FAIL_RATE", "1.5"},
		{"NOVALUA_SANDBOX_FAIL_RATE", "half"},
		{"NOVALUA_SANDBOX_RATE_LIMIT_EVERY", "-2"},
		{"NOVALUA_SANDBOX_RETRY_AFTER", "3"},
		{"NOVALUA_SANDBOX_TOKEN_TTL", "1 hour"},
		{"NOVALUA_SANDBOX_FAIL_BUILDS", "[a-"},
	}
	for _, b := range bad {
		_, err := OptionsFromEnv(env(b.name, b.value))
		require.Error(t, err, "%s=%s", b.name, b.value)
		assert.True(t, strings.HasPrefix(err.Error(), b.name+": "), err.Error())
	}
}

func TestStartRejectsBadOptions(t *testing.T) {
	for _, o := range []Options{{FailRate: 2}, {RateLimitEvery: -1}, {FailBuilds: "["},
		{IdentityAddr: "256.0.0.1:0"}} {
		_, err := Start(context.Background(), o)
		assert.Error(t, err, "%+v", o)
	}
}
