package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// novaFaultNames are the names Nova gives its fault bodies by status code.
var novaFaultNames = map[int]string{
	http.StatusBadRequest:            "badRequest",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "itemNotFound",
	http.StatusMethodNotAllowed:      "badMethod",
	http.StatusConflict:              "conflictingRequest",
	http.StatusRequestEntityTooLarge: "overLimit",
	http.StatusUnsupportedMediaType:  "badMediaType",
	http.StatusTooManyRequests:       "overLimit",
	http.StatusNotImplemented:        "notImplemented",
	http.StatusServiceUnavailable:    "serviceUnavailable",
}

// apiError is a Nova fault a handler returns instead of writing it itself.
type apiError struct {
	code       int
	msg        string
	retryAfter int
}

func (e *apiError) Error() string { return e.msg }

func badRequest(msg string) *apiError { return &apiError{code: http.StatusBadRequest, msg: msg} }
func notFound(msg string) *apiError   { return &apiError{code: http.StatusNotFound, msg: msg} }
func conflict(msg string) *apiError   { return &apiError{code: http.StatusConflict, msg: msg} }

func overLimit(msg string) *apiError {
	return &apiError{code: http.StatusRequestEntityTooLarge, msg: msg}
}

// writeNovaFault writes {"<faultName>": {"code": code, "message": msg}}.
func writeNovaFault(w http.ResponseWriter, code int, msg string) {
	name, ok := novaFaultNames[code]
	if !ok {
		name = "computeFault"
	}
	body := map[string]any{name: map[string]any{"code": code, "message": msg}}
	writeJSONType(w, code, "application/json; charset=UTF-8", body)
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	if e.code == http.StatusRequestEntityTooLarge {
		w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	writeNovaFault(w, e.code, e.msg)
}

// keystoneTitles are the titles Keystone puts in its error bodies.
var keystoneTitles = map[int]string{
	http.StatusBadRequest:            "Bad Request",
	http.StatusUnauthorized:          "Unauthorized",
	http.StatusForbidden:             "Forbidden",
	http.StatusNotFound:              "Not Found",
	http.StatusMethodNotAllowed:      "Method Not Allowed",
	http.StatusRequestEntityTooLarge: "Request Entity Too Large",
	http.StatusTooManyRequests:       "Too Many Requests",
	http.StatusServiceUnavailable:    "Service Unavailable",
}

// writeKeystoneError writes {"error": {"code", "title", "message"}}, the body of Keystone
// and of keystonemiddleware in front of Nova.
func writeKeystoneError(w http.ResponseWriter, code int, msg string) {
	title, ok := keystoneTitles[code]
	if !ok {
		title = http.StatusText(code)
	}
	body := map[string]any{"error": map[string]any{"code": code, "title": title, "message": msg}}
	writeJSON(w, code, body)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	writeJSONType(w, code, "application/json", v)
}

func writeJSONType(w http.ResponseWriter, code int, ctype string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		code, raw = http.StatusInternalServerError, []byte(`{"computeFault": {"code": 500, `+
			`"message": "The sandbox could not encode its answer."}}`)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(raw)))
	w.WriteHeader(code)
	w.Write(raw)
}

// writeEmpty answers with a status and no body.
func writeEmpty(w http.ResponseWriter, code int) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(code)
}
