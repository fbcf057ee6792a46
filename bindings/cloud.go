package bindings

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	luajson "github.com/layeh/gopher-json"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

func (e *Env) cloudModule() Module {
	return Module{
		Name: "cloud",
		Doc: "The connection itself: which cloud is in use, its token, and raw " +
			"calls to compute APIs that no other module wraps.",
		Functions: []Function{
			{Name: "info", Args: "", Returns: "{cloud=, region=, auth_url=, compute_endpoint=, " +
				"project_id=, project_name=, ...}",
				Doc: "Describes the connection: cloud, region, interface, auth URL, compute " +
					"endpoint, project and user, and when the token expires. It holds no " +
					"password and no token.",
				Fn:      e.cloudInfo,
				Results: []Value{{Type: "CloudInfo", Name: "info", Doc: "the connection"}},
				Errors:  []string{errNet},
				Example: `local info = cloud.info()
print(info.cloud, info.user_name, info.project_name)
--> sandbox joe openstack
print(info.compute_endpoint, info.token_expires)
--> http://127.0.0.1:.../v2.1/ ...T...Z`},
			{Name: "token", Args: "", Returns: "token",
				Doc: "Returns the current Keystone token, for tools novalua does not " +
					"replace. Treat it as a password.", Fn: e.cloudToken,
				Results: []Value{{Type: "string", Name: "token",
					Doc: "the token, for the X-Auth-Token header"}},
				Errors: []string{errNet},
				Example: `local token = cloud.token()
print(#token > 0)
--> true`},
			{Name: "request", Args: "method, path [, body]", Returns: "body, status, headers",
				Doc: "Sends a request to the compute endpoint through the same " +
					"authenticated, retrying client; path is relative to the endpoint " +
					"(\"os-hypervisors\"), body a table or JSON text. An error answer is " +
					"raised like any API error.", Fn: e.cloudRequest,
				Params: []Param{
					{Name: "method", Type: "string",
						Doc: "GET, HEAD, POST, PUT, PATCH or DELETE (any case)"},
					{Name: "path", Type: "string",
						Doc: "relative to the compute endpoint, with any query string"},
					{Name: "body", Type: "table|string", Optional: true,
						Doc: "the request's body: a table, sent as JSON, or JSON text"},
				},
				Results: []Value{
					{Type: "any", Name: "body", Doc: "the decoded JSON answer, or nil"},
					{Type: "integer", Name: "status", Doc: "the HTTP status"},
					{Type: "table<string, string>", Name: "headers",
						Doc: "the answer's headers, by lowercase name"},
				},
				Errors: []string{errArgs, errCloud, errNet},
				Example: `local body, status = cloud.request("GET", "flavors/1")
print(status, body.flavor.name)
--> 200 m1.tiny`},
		},
	}
}

// describer and tokenSource are what cloud.info and cloud.token need from a
// connection; *compute.Client is both.
type describer interface{ Info() compute.Info }

type tokenSource interface{ Token() string }

func (e *Env) cloudInfo(L *lua.LState) int {
	const fn = "cloud.info"
	return e.call(L, fn, func(_ context.Context, cloud compute.Requester) (any, error) {
		d, ok := cloud.(describer)
		if !ok {
			return nil, errors.New("this connection cannot describe itself")
		}
		return infoTable(d.Info()), nil
	})
}

func infoTable(info compute.Info) map[string]any {
	table := map[string]any{
		"cloud":            info.Cloud,
		"region":           info.Region,
		"interface":        info.Interface,
		"auth_url":         info.AuthURL,
		"compute_endpoint": info.ComputeEndpoint,
		"project_id":       info.ProjectID,
		"project_name":     info.ProjectName,
		"user_id":          info.UserID,
		"user_name":        info.UserName,
		"token_from_cache": info.TokenFromCache,
	}
	if !info.TokenExpires.IsZero() {
		table["token_expires"] = info.TokenExpires.UTC().Format(time.RFC3339)
	}
	for key, value := range table {
		if value == "" {
			delete(table, key) // nil in Lua, as for any absent field
		}
	}
	return table
}

func (e *Env) cloudToken(L *lua.LState) int {
	const fn = "cloud.token"
	return e.call(L, fn, func(_ context.Context, cloud compute.Requester) (any, error) {
		source, ok := cloud.(tokenSource)
		if !ok {
			return nil, errors.New("this connection has no token")
		}
		return source.Token(), nil
	})
}

// requestMethods are the methods cloud.request sends.
var requestMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}

func (e *Env) cloudRequest(L *lua.LState) int {
	const fn = "cloud.request"
	req := compute.Request{
		Method: checkMethod(L, fn),
		Path:   checkPath(L, fn),
	}
	if body := checkBody(L, fn); body != nil {
		req.Body = body
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		resp, err := cloud.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		return Results{resp.Body, resp.Status, headerTable(resp.Header)}, nil
	})
}

func checkMethod(L *lua.LState, fn string) string {
	method := strings.ToUpper(checkString(L, 1, fn, "method"))
	for _, known := range requestMethods {
		if method == known {
			return method
		}
	}
	argError(L, fn, "'method' must be one of %s, got '%s'",
		strings.Join(requestMethods, ", "), L.Get(1))
	return ""
}

func checkPath(L *lua.LState, fn string) string {
	path := checkString(L, 2, fn, "path")
	switch {
	case strings.TrimSpace(path) == "":
		argError(L, fn, "'path' must not be empty")
	case strings.Contains(path, "://"):
		// The token goes only where the catalog or the user's settings point.
		argError(L, fn, "'path' must be relative to the compute endpoint, got '%s'", path)
	}
	return path
}

// checkBody returns argument 3 as JSON: a table is encoded as json.encode
// does, a string must already be JSON.
func checkBody(L *lua.LState, fn string) json.RawMessage {
	switch v := L.Get(3).(type) {
	case *lua.LNilType:
		return nil
	case *lua.LTable:
		raw, err := luajson.Encode(v)
		if err != nil {
			argError(L, fn, "'body' cannot be encoded as JSON: %s", err)
		}
		return raw
	case lua.LString:
		if !json.Valid([]byte(v)) {
			argError(L, fn, "'body' is not valid JSON")
		}
		return json.RawMessage(v)
	}
	argError(L, fn, "'body' must be a table or a JSON string, got %s", typeName(L.Get(3)))
	return nil
}

// headerTable gives the answer's headers with lowercase names, as Lua scripts
// look them up: headers["x-openstack-request-id"].
func headerTable(header http.Header) map[string]any {
	table := make(map[string]any, len(header))
	for name, values := range header {
		if len(values) > 0 {
			table[strings.ToLower(name)] = values[0]
		}
	}
	return table
}
