package compute

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/compute/sandbox"
)

// requestLog records what a sandbox answered.
type requestLog struct {
	mu   sync.Mutex
	list []sandbox.Recorded
}

func (l *requestLog) add(r sandbox.Recorded) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, r)
}

// count returns how many requests had method, a path starting with prefix
// and, unless it is 0, status.
func (l *requestLog) count(method, prefix string, status int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.list {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) &&
			(status == 0 || r.Status == status) {
			n++
		}
	}
	return n
}

func (l *requestLog) logins() int {
	return l.count(http.MethodPost, "/v3/auth/tokens", 0) +
		l.count(http.MethodPost, "/v2.0/tokens", 0)
}

func startSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, *requestLog) {
	t.Helper()
	log := &requestLog{}
	opts.OnRequest = log.add
	if opts.BuildTime == 0 {
		opts.BuildTime = 20 * time.Millisecond
	}
	sb, err := sandbox.Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { sb.Close() })
	return sb, log
}

func sandboxCloud(sb *sandbox.Sandbox) Cloud {
	return Cloud{Name: "sandbox", Auth: sb.AuthOptions()}
}

// quickRetries keeps the tests' backoff short.
var quickRetries = RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}

func connect(t *testing.T, cloud Cloud, opts Options) *Client {
	t.Helper()
	if opts.Retry == (RetryPolicy{}) {
		opts.Retry = quickRetries
	}
	client, err := Connect(context.Background(), cloud, opts)
	require.NoError(t, err)
	return client
}

func listFlavors(t *testing.T, client *Client) {
	t.Helper()
	resp, err := client.Do(context.Background(), Request{Method: http.MethodGet, Path: "flavors"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.Status)
}

func TestConnectDescribesTheConnection(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	client := connect(t, sandboxCloud(sb), Options{})
	listFlavors(t, client)

	info := client.Info()
	assert.Equal(t, "sandbox", info.Cloud)
	assert.Equal(t, sb.AuthURL(), info.AuthURL)
	assert.Equal(t, sb.ComputeURL()+"/", info.ComputeEndpoint)
	assert.Equal(t, sandbox.Project, info.ProjectName)
	assert.NotEmpty(t, info.ProjectID)
	assert.Equal(t, sandbox.User, info.UserName)
	assert.True(t, info.TokenExpires.After(time.Now()))
	assert.False(t, info.TokenFromCache)
	assert.NotEmpty(t, client.Token())
}

func TestConnectKeystoneV2(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{})
	cloud := sandboxCloud(sb)
	cloud.Auth.IdentityEndpoint = strings.TrimSuffix(sb.AuthURL(), "/v3") + "/v2.0"
	cloud.Auth.DomainName = ""
	client := connect(t, cloud, Options{})
	listFlavors(t, client)

	assert.Equal(t, 1, log.count(http.MethodPost, "/v2.0/tokens", http.StatusOK))
	assert.Equal(t, sandbox.Project, client.Info().ProjectName)
}

func TestConnectWithGivenToken(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{})
	token := connect(t, sandboxCloud(sb), Options{}).Token()

	cloud := Cloud{Name: "env", Auth: gophercloud.AuthOptions{
		IdentityEndpoint: sb.AuthURL(), TokenID: token}}
	client := connect(t, cloud, Options{Tokens: &TokenCache{Dir: t.TempDir()}})
	listFlavors(t, client)

	assert.Equal(t, token, client.Token())
	assert.Equal(t, 1, log.logins(), "a given token is checked, not replaced")
}

func TestComputeEndpointOverride(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	cloud := sandboxCloud(sb)
	cloud.Endpoint.Region = "NoSuchRegion"

	_, err := Connect(context.Background(), cloud, Options{Retry: quickRetries})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "find the compute endpoint in the service catalog")
	assert.Contains(t, err.Error(), "set OS_COMPUTE_ENDPOINT")

	cloud.ComputeEndpoint = sb.ComputeURL() + "/"
	client := connect(t, cloud, Options{})
	listFlavors(t, client)
	assert.Equal(t, sb.ComputeURL()+"/", client.Info().ComputeEndpoint)
}

func TestConnectBadPassword(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	cloud := sandboxCloud(sb)
	cloud.Auth.Password = "wrong-password"

	_, err := Connect(context.Background(), cloud, Options{Retry: quickRetries})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "authenticate at "+sb.AuthURL()+": unauthorized (401)")
	assert.NotContains(t, err.Error(), "wrong-password")
}

// faultProxy forwards to target, except for the requests fail picks, which it
// answers 503 itself. It counts the requests it saw by "METHOD /path".
type faultProxy struct {
	*httptest.Server
	mu   sync.Mutex
	seen map[string]int
}

func newFaultProxy(t *testing.T, target string,
	fail func(r *http.Request, n int) bool) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
	p := &faultProxy{seen: map[string]int{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		key := r.Method + " " + r.URL.Path
		p.seen[key]++
		n := p.seen[key]
		p.mu.Unlock()
		if fail(r, n) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"computeFault": {"code": 503, "message": "try later"}}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *faultProxy) count(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[key]
}

// serverBody is a create request for a small server booted from the sandbox's
// ubuntu image.
func serverBody(t *testing.T, client *Client, name string) Object {
	t.Helper()
	resp, err := client.Do(context.Background(), Request{Method: http.MethodGet, Path: "images"})
	require.NoError(t, err)
	images, err := list(resp.Body, "images")
	require.NoError(t, err)
	for _, image := range images {
		if String(image, "name") == "ubuntu-11.04-server" {
			return Object{"server": Object{"name": name, "imageRef": String(image, "id"),
				"flavorRef": "1"}}
		}
	}
	t.Fatal("the sandbox has no ubuntu-11.04-server image")
	return nil
}
