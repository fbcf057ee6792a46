package compute

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// RetryPolicy bounds how a Client recovers from faults. Idempotent requests
// (GET, HEAD, PUT, DELETE) are retried on connection errors and on 502, 503
// and 504 answers, after a capped exponential backoff with jitter. A 413 or
// 429 answer with Retry-After is waited out for every method, as long as the
// wait is at most MaxRetryAfter. Other failures of a POST are not retried,
// since a second try could create a second server; the one exception is a
// connection that could not be opened at all, which sent nothing.
type RetryPolicy struct {
	MaxRetries    int           // retries after the first try; 0 means 4, below 0 none
	BaseDelay     time.Duration // the first backoff; 0 means 500ms
	MaxDelay      time.Duration // the longest backoff; 0 means 8s
	MaxRetryAfter time.Duration // the longest Retry-After waited out; 0 means 60s
}

// Defaults of RetryPolicy.
const (
	DefaultMaxRetries    = 4
	DefaultBaseDelay     = 500 * time.Millisecond
	DefaultMaxDelay      = 8 * time.Second
	DefaultMaxRetryAfter = 60 * time.Second
)

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxRetries == 0 {
		p.MaxRetries = DefaultMaxRetries
	}
	if p.MaxRetries < 0 {
		p.MaxRetries = 0
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p
}

// retrier implements the policy through gophercloud's hooks: backoff is its
// RetryBackoffFunc, called for 429, and retry its RetryFunc, called for every
// other failure.
type retrier struct {
	policy RetryPolicy
	trace  *tracer // nil when debug output is off
	sleep  func(ctx context.Context, d time.Duration) error
}

func newRetrier(policy RetryPolicy, trace *tracer) *retrier {
	return &retrier{policy: policy.withDefaults(), trace: trace, sleep: sleep}
}

// install hooks r into provider.
func (r *retrier) install(provider *gophercloud.ProviderClient) {
	provider.RetryBackoffFunc = r.backoff
	provider.RetryFunc = r.retry
	provider.MaxBackoffRetries = uint(max(r.policy.MaxRetries, 1))
}

// backoff waits out a 429 answer: its Retry-After when it has one, else a
// backoff delay.
func (r *retrier) backoff(ctx context.Context, answer *gophercloud.ErrUnexpectedResponseCode,
	_ error, attempt uint) error {
	if int(attempt) > r.policy.MaxRetries {
		return *answer
	}
	wait := parseRetryAfter(answer.ResponseHeader.Get("Retry-After"))
	if wait > r.policy.MaxRetryAfter {
		return *answer
	}
	if wait <= 0 {
		wait = r.delay(attempt)
	}
	return r.wait(ctx, wait, describeAnswer(answer.Actual), attempt)
}

// retry decides whether a failed try is tried again, and waits first if so.
// Returning err ends the request with it.
func (r *retrier) retry(ctx context.Context, method, url string, _ *gophercloud.RequestOpts,
	err error, attempt uint) error {
	if ctx.Err() != nil || int(attempt) > r.policy.MaxRetries {
		return err
	}

	var answer gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &answer) {
		wait, ok := r.answerWait(method, url, answer, attempt)
		if !ok {
			return err
		}
		return r.wait(ctx, wait, describeAnswer(answer.Actual), attempt)
	}

	if !retryableConnError(err) || !(idempotent(method, url) || notSent(err)) {
		return err
	}
	return r.wait(ctx, r.delay(attempt), "connection error", attempt)
}

// answerWait says how long to wait before retrying after an error answer, and
// whether to retry at all.
func (r *retrier) answerWait(method, url string, answer gophercloud.ErrUnexpectedResponseCode,
	attempt uint) (time.Duration, bool) {
	switch answer.Actual {
	case http.StatusRequestEntityTooLarge, http.StatusTooManyRequests:
		// Nova answers an exceeded quota with 413 and Retry-After: 0; that
		// does not pass by waiting.
		wait := parseRetryAfter(answer.ResponseHeader.Get("Retry-After"))
		return wait, wait > 0 && wait <= r.policy.MaxRetryAfter
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return r.delay(attempt), idempotent(method, url)
	}
	return 0, false
}

// delay is the capped exponential backoff for the nth retry, with "equal
// jitter": half fixed, half random, so that clients that failed together do
// not retry together.
func (r *retrier) delay(attempt uint) time.Duration {
	d := r.policy.MaxDelay
	if attempt < 32 {
		d = min(r.policy.BaseDelay<<(attempt-1), r.policy.MaxDelay)
	}
	half := d / 2
	return half + rand.N(half+1)
}

func (r *retrier) wait(ctx context.Context, d time.Duration, why string, attempt uint) error {
	r.trace.note("retry %d of %d in %s after %s", attempt, r.policy.MaxRetries,
		d.Round(time.Millisecond), why)
	return r.sleep(ctx, d)
}

func describeAnswer(status int) string {
	return fmt.Sprintf("%d %s", status, http.StatusText(status))
}

// idempotent reports whether sending the request twice does no more than
// sending it once. Asking Keystone for a token is a POST, but a second token
// harms nothing, and without one no other request can be made.
func idempotent(method, url string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete,
		http.MethodOptions:
		return true
	case http.MethodPost:
		return strings.HasSuffix(url, "/auth/tokens") || strings.HasSuffix(url, "/v2.0/tokens")
	}
	return false
}

// notSent reports whether the request failed before any of it reached the
// cloud: the connection could not be opened.
func notSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// retryableConnError reports whether a transport error may pass: not a
// cancelled request, nor a certificate that will be as bad the next time.
func retryableConnError(err error) bool {
	if errors.Is(err, context.Canceled) || isCertificateError(err) {
		return false
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}
