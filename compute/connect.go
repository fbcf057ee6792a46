package compute

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	tokens2 "github.com/gophercloud/gophercloud/v2/openstack/identity/v2/tokens"
	tokens3 "github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
)

// Options says how a Client talks to its cloud. The zero value is usable: no
// debug output, the default retry policy and timeouts, no token reuse.
type Options struct {
	// Debug receives every HTTP request as a curl command, then its status,
	// request id, duration and answer, with tokens and passwords hidden.
	Debug io.Writer

	Retry RetryPolicy

	// ConnectTimeout bounds opening a connection, TLS handshake included;
	// RequestTimeout bounds one try of one request, answer included.
	ConnectTimeout time.Duration
	RequestTimeout time.Duration

	// Tokens, when set, keeps tokens between runs.
	Tokens *TokenCache
}

// Default timeouts.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultRequestTimeout = 120 * time.Second
)

// connector logs in to one cloud, again whenever the cloud refuses the token.
type connector struct {
	cloud  Cloud
	opts   Options
	id     string // the token cache key
	client http.Client
	retry  *retrier
}

// Connect authenticates against the cloud's Keystone, or reuses a cached
// token, and finds its compute endpoint in the service catalog, or uses
// cloud.ComputeEndpoint when that is set.
func Connect(ctx context.Context, cloud Cloud, opts Options) (*Client, error) {
	c := newConnector(cloud, opts)
	provider, err := c.newProvider()
	if err != nil {
		return nil, err
	}

	sess, cached, err := c.start(ctx, provider)
	if err != nil {
		return nil, err
	}
	service := &gophercloud.ServiceClient{
		ProviderClient: provider,
		Endpoint:       sess.ComputeEndpoint,
		ResourceBase:   sess.ComputeEndpoint,
		Type:           "compute",
	}
	return &Client{service: service, info: c.describe(sess, cached)}, nil
}

func newConnector(cloud Cloud, opts Options) *connector {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if !cloud.canReauth() {
		opts.Tokens = nil // a token the user gave is theirs to keep
	}
	trace := newTracer(opts.Debug, newSecrets(cloud.Auth))
	return &connector{
		cloud:  cloud,
		opts:   opts,
		id:     identity(cloud),
		client: httpClient(cloud, opts, trace),
		retry:  newRetrier(opts.Retry, trace),
	}
}

// httpClient applies the timeouts, the TLS settings and the debug trace.
func httpClient(cloud Cloud, opts Options, trace *tracer) http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	dialer := &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}
	transport.DialContext = dialer.DialContext
	transport.TLSHandshakeTimeout = opts.ConnectTimeout
	// parallel.map keeps many requests in flight to one host; keep their
	// connections for the next round instead of opening new ones.
	transport.MaxIdleConnsPerHost = 64
	if cloud.TLS != nil {
		transport.TLSClientConfig = cloud.TLS.Clone()
	}
	return http.Client{Transport: trace.transport(transport), Timeout: opts.RequestTimeout}
}

func (c *connector) newProvider() (*gophercloud.ProviderClient, error) {
	provider, err := openstack.NewClient(c.cloud.Auth.IdentityEndpoint)
	if err != nil {
		return nil, fmt.Errorf("auth url %q: %w", c.cloud.Auth.IdentityEndpoint, err)
	}
	provider.HTTPClient = c.client
	provider.UserAgent.Prepend("novalua")
	c.retry.install(provider)
	return provider, nil
}

// start gives provider a token: a cached one that is still good, else a new
// one. It reports whether the token came from the cache.
func (c *connector) start(ctx context.Context, provider *gophercloud.ProviderClient) (session,
	bool, error) {
	if sess, ok := c.opts.Tokens.load(c.id, time.Now()); ok {
		provider.SetToken(sess.Token)
		c.allowReauth(provider)
		return sess, true, nil
	}

	sess, fresh, err := c.login(ctx)
	if err != nil {
		return session{}, false, err
	}
	provider.CopyTokenFrom(fresh)
	c.allowReauth(provider)
	// The cache only saves a later login; failing to write it costs nothing now.
	_ = c.opts.Tokens.save(c.id, sess)
	return sess, false, nil
}

// allowReauth makes a 401 answer drop the cached token, log in again and
// retry the request once, which gophercloud does through ReauthFunc.
func (c *connector) allowReauth(provider *gophercloud.ProviderClient) {
	if !c.cloud.canReauth() {
		return
	}
	provider.ReauthFunc = func(ctx context.Context) error {
		c.opts.Tokens.drop(c.id)
		sess, fresh, err := c.login(ctx)
		if err != nil {
			return err
		}
		provider.CopyTokenFrom(fresh)
		_ = c.opts.Tokens.save(c.id, sess)
		return nil
	}
}

// login authenticates on a provider of its own, so that a login from inside
// a request that failed with 401 never waits on that request's client.
func (c *connector) login(ctx context.Context) (session, *gophercloud.ProviderClient, error) {
	provider, err := c.newProvider()
	if err != nil {
		return session{}, nil, err
	}
	auth := c.cloud.Auth
	auth.AllowReauth = false
	if err := openstack.Authenticate(ctx, provider, auth); err != nil {
		return session{}, nil, fmt.Errorf("authenticate at %s: %w", auth.IdentityEndpoint,
			describeAuthError(err))
	}

	sess := describeAuth(provider.GetAuthResult())
	sess.Token = provider.Token()
	sess.ComputeEndpoint, err = c.computeEndpoint(provider)
	if err != nil {
		return session{}, nil, err
	}
	return sess, provider, nil
}

// computeEndpoint is the override when there is one, else the catalog's.
func (c *connector) computeEndpoint(provider *gophercloud.ProviderClient) (string, error) {
	if c.cloud.ComputeEndpoint != "" {
		return c.cloud.ComputeEndpoint, nil
	}
	service, err := openstack.NewComputeV2(provider, c.cloud.Endpoint)
	if err != nil {
		return "", fmt.Errorf("find the compute endpoint in the service catalog: %w "+
			"(set OS_COMPUTE_ENDPOINT or compute_endpoint_override to name it)", err)
	}
	return service.Endpoint, nil
}

// describeAuth reads who the token was issued to and when it expires from
// Keystone's answer, v3 or v2.0.
func describeAuth(result gophercloud.AuthResult) session {
	var sess session
	switch r := result.(type) {
	case tokens3.CreateResult:
		sess = describeV3(r.ExtractToken, r.ExtractProject, r.ExtractUser)
	case tokens3.GetResult:
		sess = describeV3(r.ExtractToken, r.ExtractProject, r.ExtractUser)
	case tokens2.CreateResult:
		sess = describeV2(r)
	}
	return sess
}

func describeV3(token func() (*tokens3.Token, error), project func() (*tokens3.Project, error),
	user func() (*tokens3.User, error)) session {
	var sess session
	if t, err := token(); err == nil && t != nil {
		sess.ExpiresAt = t.ExpiresAt
	}
	if p, err := project(); err == nil && p != nil {
		sess.ProjectID, sess.ProjectName = p.ID, p.Name
	}
	if u, err := user(); err == nil && u != nil {
		sess.UserID, sess.UserName = u.ID, u.Name
	}
	return sess
}

func describeV2(r tokens2.CreateResult) session {
	var sess session
	if t, err := r.ExtractToken(); err == nil && t != nil {
		sess.ExpiresAt = t.ExpiresAt
		sess.ProjectID, sess.ProjectName = t.Tenant.ID, t.Tenant.Name
	}
	var body struct {
		Access struct {
			User struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"user"`
		} `json:"access"`
	}
	if r.ExtractInto(&body) == nil {
		sess.UserID, sess.UserName = body.Access.User.ID, body.Access.User.Name
	}
	return sess
}

func (c *connector) describe(sess session, cached bool) Info {
	return Info{
		Cloud:           c.cloud.Name,
		Region:          c.cloud.Endpoint.Region,
		Interface:       string(c.cloud.Endpoint.Availability),
		AuthURL:         c.cloud.Auth.IdentityEndpoint,
		ComputeEndpoint: sess.ComputeEndpoint,
		ProjectID:       sess.ProjectID,
		ProjectName:     sess.ProjectName,
		UserID:          sess.UserID,
		UserName:        sess.UserName,
		TokenExpires:    sess.ExpiresAt,
		TokenFromCache:  cached,
	}
}
