package compute

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// Requester sends one request to the compute API. *Client implements it; tests
// and the Lua bindings can supply their own.
type Requester interface {
	Do(ctx context.Context, req Request) (*Response, error)
}

// Request is one call to the compute API.
type Request struct {
	Method string
	Path   string // relative to the compute endpoint, query included: "servers/detail?limit=10"
	Body   any    // encoded as JSON when not nil
	OK     []int  // accepted statuses; any 2xx when empty
}

// Response is a successful answer. Body holds the decoded JSON document, with
// numbers as json.Number, or nil when the answer had no body.
type Response struct {
	Status int
	Header http.Header
	Body   any
}

// Client talks to the compute service of one authenticated cloud. It is safe
// for use by several goroutines at once.
type Client struct {
	service *gophercloud.ServiceClient
	info    Info
}

// Info describes the connection a Client uses. It never holds a secret.
type Info struct {
	Cloud           string
	Region          string
	Interface       string
	AuthURL         string
	ComputeEndpoint string
	ProjectID       string
	ProjectName     string
	UserID          string
	UserName        string
	TokenExpires    time.Time // zero when unknown, as for a token from OS_TOKEN
	TokenFromCache  bool      // the token was reused from an earlier run
}

// Close closes the connections the client keeps open for its next requests.
// A server stopping after the client is done would otherwise wait for them:
// Go's HTTP server waits up to 5 s for a connection on which no request came,
// as happens when parallel requests dial more connections than they use.
func (c *Client) Close() {
	c.service.ProviderClient.HTTPClient.CloseIdleConnections()
}

// Info describes the connection.
func (c *Client) Info() Info {
	return c.info
}

// Endpoint returns the compute endpoint in use, ending in a slash.
func (c *Client) Endpoint() string {
	return c.service.Endpoint
}

// Token returns the current Keystone token.
func (c *Client) Token() string {
	return c.service.Token()
}

// Do sends req and decodes its JSON answer. An error answer is an *APIError.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	url := c.service.Endpoint + strings.TrimPrefix(req.Path, "/")
	opts := &gophercloud.RequestOpts{
		OkCodes:          req.OK,
		KeepResponseBody: true,
		MoreHeaders:      map[string]string{"Accept": "application/json"},
	}
	if len(opts.OkCodes) == 0 {
		opts.OkCodes = successCodes
	}
	if req.Body != nil {
		opts.JSONBody = req.Body
	}

	resp, err := c.service.Request(ctx, req.Method, url, opts)
	if err != nil {
		return nil, fromGophercloud(req.Method, url, err)
	}
	defer resp.Body.Close()

	body, err := decodeBody(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read the answer: %w", req.Method, url, err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

var successCodes = []int{200, 201, 202, 203, 204, 206}

func decodeBody(r io.Reader) (any, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil {
		return nil, fmt.Errorf("answer is not JSON: %w", err)
	}
	return body, nil
}

// fromGophercloud turns gophercloud's unexpected-status errors into APIErrors
// and leaves transport errors as they are, with advice for certificate
// problems.
func fromGophercloud(method, url string, err error) error {
	var unexpected gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &unexpected) {
		return newAPIError(method, url, unexpected.Actual, unexpected.ResponseHeader,
			unexpected.Body)
	}
	var unexpectedPtr *gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &unexpectedPtr) {
		return newAPIError(method, url, unexpectedPtr.Actual, unexpectedPtr.ResponseHeader,
			unexpectedPtr.Body)
	}
	var reauth gophercloud.ErrUnableToReauthenticate
	if errors.As(err, &reauth) {
		return fmt.Errorf("%s %s: the cloud refused the token and a new login failed: %w",
			method, url, reauth.ErrReauth)
	}
	// net/http's own error repeats the method and URL: keep only its cause.
	cause := err
	var urlErr *neturl.Error
	if errors.As(err, &urlErr) {
		cause = urlErr.Err
	}
	if advice := tlsAdvice(err); advice != "" {
		return fmt.Errorf("%s %s: %w (%s)", method, url, cause, advice)
	}
	return fmt.Errorf("%s %s: %w", method, url, cause)
}

// describeAuthError keeps Keystone's answer short and never includes the
// credentials that were sent.
func describeAuthError(err error) error {
	var unexpected gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &unexpected) {
		return newAPIError(unexpected.Method, unexpected.URL, unexpected.Actual,
			unexpected.ResponseHeader, unexpected.Body)
	}
	var unexpectedPtr *gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &unexpectedPtr) {
		return newAPIError(unexpectedPtr.Method, unexpectedPtr.URL, unexpectedPtr.Actual,
			unexpectedPtr.ResponseHeader, unexpectedPtr.Body)
	}
	if advice := tlsAdvice(err); advice != "" {
		return fmt.Errorf("%w (%s)", err, advice)
	}
	return err
}
