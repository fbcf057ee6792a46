package compute

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// APIError is an error answer from an OpenStack service.
type APIError struct {
	Method     string
	URL        string
	Status     int
	Kind       string // the fault name, such as itemNotFound or badRequest
	Message    string
	RequestID  string
	RetryAfter time.Duration // from a Retry-After header, zero when absent
}

// Error returns one readable line such as
// "itemNotFound (404): Instance 42 could not be found".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d)", e.Kind, e.Status)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(strings.TrimSuffix(e.Message, "."))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [%s]", e.RequestID)
	}
	return b.String()
}

// IsNotFound reports whether err is an API error with status 404.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound
}

// newAPIError builds an APIError from an error answer. Nova wraps its faults as
// {"itemNotFound": {"code": 404, "message": "..."}}; Keystone and
// keystonemiddleware use {"error": {"code": 401, "title": "...", "message": "..."}}.
func newAPIError(method, url string, status int, header http.Header, body []byte) *APIError {
	apiErr := &APIError{
		Method:     method,
		URL:        url,
		Status:     status,
		Kind:       defaultFaultName(status),
		RequestID:  requestID(header),
		RetryAfter: parseRetryAfter(header.Get("Retry-After")),
	}

	var faults map[string]json.RawMessage
	if json.Unmarshal(body, &faults) != nil || len(faults) != 1 {
		apiErr.Message = plainMessage(body)
		return apiErr
	}
	for name, raw := range faults {
		var fault struct {
			Message string `json:"message"`
			Title   string `json:"title"`
		}
		if json.Unmarshal(raw, &fault) != nil {
			apiErr.Message = plainMessage(body)
			return apiErr
		}
		if name != "error" {
			apiErr.Kind = name
		}
		apiErr.Message = fault.Message
		if apiErr.Message == "" {
			apiErr.Message = fault.Title
		}
	}
	return apiErr
}

// defaultFaultName names a status the way Nova names its faults, for answers
// that carry no fault body.
func defaultFaultName(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "badRequest"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "itemNotFound"
	case http.StatusConflict:
		return "conflictingRequest"
	case http.StatusRequestEntityTooLarge, http.StatusTooManyRequests:
		return "overLimit"
	case http.StatusNotImplemented:
		return "notImplemented"
	case http.StatusServiceUnavailable:
		return "serviceUnavailable"
	}
	return "computeFault"
}

func requestID(header http.Header) string {
	for _, name := range []string{"X-Openstack-Request-Id", "X-Compute-Request-Id"} {
		if id := header.Get(name); id != "" {
			return id
		}
	}
	return ""
}

func parseRetryAfter(value string) time.Duration {
	if value == "" {
		return 0
	}
	if seconds, err := strconv.Atoi(strings.TrimSpace(value)); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second
	}
	if when, err := http.ParseTime(value); err == nil {
		return time.Until(when)
	}
	return 0
}

// plainMessage keeps a short, single-line excerpt of a body that is not a fault
// document, such as an HTML error page from a proxy.
func plainMessage(body []byte) string {
	text := strings.Join(strings.Fields(string(body)), " ")
	const max = 200
	if len(text) > max {
		text = text[:max] + "..."
	}
	return text
}
