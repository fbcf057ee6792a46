package compute

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// httpRequester sends requests over real HTTP the way Client does: the body
// encoded as JSON, the answer decoded, error answers turned into APIErrors.
type httpRequester struct {
	base string
}

func (h httpRequester) Do(ctx context.Context, req Request) (*Response, error) {
	var body io.Reader
	if req.Body != nil {
		raw, err := json.Marshal(req.Body)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(raw)
	}
	url := h.base + "/" + req.Path
	httpReq, err := http.NewRequestWithContext(ctx, req.Method, url, body)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(httpReq)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	ok := req.OK
	if len(ok) == 0 {
		ok = successCodes
	}
	if !slices.Contains(ok, resp.StatusCode) {
		return nil, newAPIError(req.Method, url, resp.StatusCode, resp.Header, raw)
	}
	decoded, err := decodeBody(bytes.NewReader(raw))
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: decoded}, err
}

// exchange is one request a test expects and the answer it gets.
type exchange struct {
	method string
	path   string // escaped, query included
	body   string // exact JSON sent; "" for no body
	status int
	header map[string]string
	answer string
}

// serve starts a cloud that expects exactly the given exchanges, in order.
func serve(t *testing.T, exchanges ...exchange) Requester {
	t.Helper()
	next := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !assert.Less(t, next, len(exchanges), "unexpected %s %s", r.Method, r.URL) {
			w.WriteHeader(http.StatusTeapot)
			return
		}
		want := exchanges[next]
		next++
		raw, _ := io.ReadAll(r.Body)
		path := strings.TrimPrefix(r.URL.EscapedPath(), "/")
		if r.URL.RawQuery != "" {
			path += "?" + r.URL.RawQuery
		}
		assert.Equal(t, want.method, r.Method)
		assert.Equal(t, want.path, path)
		assert.Equal(t, want.body, string(raw))

		for key, value := range want.header {
			w.Header().Set(key, value)
		}
		w.WriteHeader(want.status)
		io.WriteString(w, want.answer)
	}))
	t.Cleanup(func() {
		srv.Close()
		assert.Equal(t, len(exchanges), next, "requests sent")
	})
	return httpRequester{base: srv.URL}
}

const serverID = "02aa5fe1-a212-4a64-88f6-733d1ffca3dd"

func TestActionsSendTheirBody(t *testing.T) {
	action := "servers/" + serverID + "/action"
	tests := []struct {
		name string
		call func(ctx context.Context, r Requester) error
		sent exchange
	}{
		{"soft reboot", func(ctx context.Context, r Requester) error {
			return RebootServer(ctx, r, serverID, RebootSoft)
		}, exchange{body: `{"reboot":{"type":"SOFT"}}`, status: 202}},
		{"hard reboot", func(ctx context.Context, r Requester) error {
			return RebootServer(ctx, r, serverID, RebootHard)
		}, exchange{body: `{"reboot":{"type":"HARD"}}`, status: 202}},
		{"change password", func(ctx context.Context, r Requester) error {
			return ChangePassword(ctx, r, serverID, "n3w-Secret")
		}, exchange{body: `{"changePassword":{"adminPass":"n3w-Secret"}}`, status: 202}},
		{"resize", func(ctx context.Context, r Requester) error {
			return ResizeServer(ctx, r, serverID, "2")
		}, exchange{body: `{"resize":{"flavorRef":"2"}}`, status: 202}},
		{"confirm resize answered 204 as Nova does", func(ctx context.Context, r Requester) error {
			return ConfirmResize(ctx, r, serverID)
		}, exchange{body: `{"confirmResize":null}`, status: 204}},
		{"revert resize", func(ctx context.Context, r Requester) error {
			return RevertResize(ctx, r, serverID)
		}, exchange{body: `{"revertResize":null}`, status: 202}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.sent.method, tt.sent.path = http.MethodPost, action
			cloud := serve(t, tt.sent)
			require.NoError(t, tt.call(context.Background(), cloud))
		})
	}
}

func TestActionErrorsCarryTheFault(t *testing.T) {
	cloud := serve(t, exchange{method: http.MethodPost, path: "servers/" + serverID + "/action",
		body: `{"confirmResize":null}`, status: 409,
		answer: `{"conflictingRequest": {"code": 409, "message": "Cannot 'confirmResize' ` +
			`instance 1 while it is in vm_state active"}}`})

	err := ConfirmResize(context.Background(), cloud, serverID)

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 409, apiErr.Status)
	assert.Equal(t, "conflictingRequest", apiErr.Kind)
	assert.Contains(t, err.Error(), "confirm the resize of server "+serverID+": ")
}

func TestChangePasswordErrorHidesThePassword(t *testing.T) {
	cloud := serve(t, exchange{method: http.MethodPost, path: "servers/x/action",
		body: `{"changePassword":{"adminPass":"hunter2"}}`, status: 400,
		answer: `{"badRequest": {"code": 400, "message": "bad"}}`})

	err := ChangePassword(context.Background(), cloud, "x", "hunter2")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestRebuildReturnsTheServerWithItsPassword(t *testing.T) {
	cloud := serve(t, exchange{method: http.MethodPost, path: "servers/" + serverID + "/action",
		body:   `{"rebuild":{"imageRef":"3","metadata":{},"name":"web"}}`,
		status: 202, header: map[string]string{"Location": "http://nova/v2.1/servers/1"},
		answer: `{"server": {"id": "` + serverID + `", "status": "REBUILD", "adminPass": "x7"}}`})

	server, err := RebuildServer(context.Background(), cloud, serverID,
		Object{"imageRef": "3", "name": "web", "metadata": map[string]string{}})
	require.NoError(t, err)
	assert.Equal(t, "REBUILD", String(server, "status"))
	assert.Equal(t, "x7", String(server, "adminPass"))
}

func TestCreateImageReadsTheNewID(t *testing.T) {
	const imageID = "d72a6c37-c72b-4e60-a0eb-675d14e9d304"
	tests := []struct {
		name     string
		metadata map[string]string
		body     string
		header   map[string]string
		answer   string
		want     string
		err      string
	}{
		{"location with nova's double slash", map[string]string{"snap": "yes"},
			`{"createImage":{"metadata":{"snap":"yes"},"name":"snap"}}`,
			map[string]string{"Location": "http://127.0.0.1:9292//images/" + imageID}, "",
			imageID, ""},
		{"empty metadata is an object", map[string]string{},
			`{"createImage":{"metadata":{},"name":"snap"}}`,
			map[string]string{"Location": "http://glance/v2/images/" + imageID + "/"}, "",
			imageID, ""},
		{"microversion 2.45 body", nil, `{"createImage":{"name":"snap"}}`, nil,
			`{"image_id": "` + imageID + `"}`, imageID, ""},
		{"no id at all", nil, `{"createImage":{"name":"snap"}}`, nil, "", "",
			"answer has neither a Location header nor an image_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cloud := serve(t, exchange{method: http.MethodPost,
				path: "servers/" + serverID + "/action", body: tt.body, status: 202,
				header: tt.header, answer: tt.answer})

			id, err := CreateImage(context.Background(), cloud, serverID, "snap", tt.metadata)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, id)
		})
	}
}

func TestUpdateServerSendsOnlyWhatIsSet(t *testing.T) {
	name, empty := "tornado", ""
	tests := []struct {
		name string
		opts UpdateOpts
		body string
	}{
		{"rename", UpdateOpts{Name: &name}, `{"server":{"name":"tornado"}}`},
		{"access addresses", UpdateOpts{AccessIPv4: &name, AccessIPv6: &empty},
			`{"server":{"accessIPv4":"tornado","accessIPv6":""}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cloud := serve(t, exchange{method: http.MethodPut, path: "servers/" + serverID,
				body: tt.body, status: 200, answer: `{"server": {"id": "1", "name": "x"}}`})
			server, err := UpdateServer(context.Background(), cloud, serverID, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, "x", String(server, "name"))
		})
	}
}

func TestServerAddresses(t *testing.T) {
	cloud := serve(t,
		exchange{method: http.MethodGet, path: "servers/" + serverID + "/ips", status: 200,
			answer: `{"addresses": {"private": [{"version": 4, "addr": "10.0.0.148"}]}}`},
		exchange{method: http.MethodGet, path: "servers/" + serverID + "/ips/my%20net",
			status: 200, answer: `{"my net": [{"version": 4, "addr": "10.0.0.148"}]}`},
		exchange{method: http.MethodGet, path: "servers/" + serverID + "/ips/nope",
			status: 404, answer: `{"itemNotFound": {"code": 404, "message": ` +
				`"Instance is not a member of specified network"}}`},
	)
	ctx := context.Background()

	all, err := ServerAddresses(ctx, cloud, serverID)
	require.NoError(t, err)
	assert.Contains(t, all, "private")

	one, err := NetworkAddresses(ctx, cloud, serverID, "my net")
	require.NoError(t, err)
	require.Len(t, one, 1)
	assert.Equal(t, "10.0.0.148", String(one[0].(Object), "addr"))

	_, err = NetworkAddresses(ctx, cloud, serverID, "nope")
	assert.True(t, IsNotFound(err))
	assert.ErrorContains(t, err, "not a member of specified network")
}

func TestFindServerByRefFallsBackToTheName(t *testing.T) {
	notFound := `{"itemNotFound": {"code": 404, "message": "Instance web could not be found."}}`
	cloud := serve(t,
		exchange{method: http.MethodGet, path: "servers/web", status: 404, answer: notFound},
		exchange{method: http.MethodGet, path: "servers/detail?name=%5Eweb%24", status: 200,
			answer: `{"servers": [{"id": "7", "name": "web"}, {"id": "8", "name": "web2"}]}`},
		exchange{method: http.MethodGet, path: "servers/nothing", status: 404,
			answer: notFound},
		exchange{method: http.MethodGet, path: "servers/detail?name=%5Enothing%24",
			status: 200, answer: `{"servers": []}`},
	)

	server, err := FindServerByRef(context.Background(), cloud, "web")
	require.NoError(t, err)
	assert.Equal(t, "7", String(server, "id"))

	_, err = FindServerByRef(context.Background(), cloud, "nothing")
	assert.True(t, IsNotFound(err), "the cloud's 404 is kept: %v", err)
}

func TestCreateServersFindsEveryServerOfTheReservation(t *testing.T) {
	cloud := serve(t,
		exchange{method: http.MethodPost, path: "servers",
			body: `{"server":{"flavorRef":"1","imageRef":"3","max_count":2,"min_count":2,` +
				`"name":"web","return_reservation_id":true}}`,
			status: 202, answer: `{"reservation_id": "r-abc"}`},
		exchange{method: http.MethodGet, path: "servers/detail?reservation_id=r-abc",
			status: 200, answer: `{"servers": [{"id": "2", "name": "web-2"}, ` +
				`{"id": "1", "name": "web-1"}]}`},
	)
	body := Object{"server": Object{"name": "web", "imageRef": "3", "flavorRef": "1",
		"min_count": 2, "max_count": 2}}

	servers, err := CreateServers(context.Background(), cloud, body)
	require.NoError(t, err)
	assert.Len(t, servers, 2)
	assert.NotContains(t, body["server"], "return_reservation_id", "the caller's body is kept")
}
