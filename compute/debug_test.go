package compute

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/compute/sandbox"
)

func TestDebugTraceHidesTokensAndPasswords(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	var trace strings.Builder
	client := connect(t, sandboxCloud(sb), Options{Debug: &trace})
	ctx := context.Background()

	server, err := CreateServer(ctx, client, serverBody(t, client, "traced"))
	require.NoError(t, err)
	adminPass := String(server, "adminPass")
	require.NotEmpty(t, adminPass)
	// Whether the sandbox knows these actions or not, their requests are traced.
	for _, body := range []Object{
		{"changePassword": Object{"adminPass": "n3w-Secret"}},
		{"rebuild": Object{"imageRef": "x", "adminPass": "r3build-Secret"}},
	} {
		client.Do(ctx, Request{Method: http.MethodPost,
			Path: "servers/" + String(server, "id") + "/action", Body: body})
	}
	out := trace.String()

	for _, secret := range []string{sandbox.Password, client.Token(), adminPass,
		"n3w-Secret", "r3build-Secret"} {
		assert.NotContains(t, out, secret)
	}
	assert.Contains(t, out, "curl -g -i -X POST '"+sb.AuthURL()+"/auth/tokens'")
	assert.Contains(t, out, `"password":"***"`)
	assert.Contains(t, out, `"adminPass":"***"`)
	assert.Contains(t, out, "-H 'X-Auth-Token: "+tokenHash(client.Token())+"'")
	assert.Contains(t, out, "# X-Subject-Token: "+tokenHash(client.Token()))
	assert.Regexp(t, regexp.MustCompile(`(?m)^# 202 Accepted, request id req-[0-9a-f-]+, \d+ms$`),
		out)
	assert.Regexp(t, regexp.MustCompile(`(?m)^curl -g -i -X POST '`+
		regexp.QuoteMeta(sb.ComputeURL())+`/servers' .* -d '\{"server":`), out)
}

func TestRedactBody(t *testing.T) {
	s := newSecrets(gophercloud.AuthOptions{})
	tests := []struct {
		name string
		body string
		want string
	}{
		{"v3 password login",
			`{"auth":{"identity":{"methods":["password"],"password":{"user":` +
				`{"name":"joe","password":"shhh"}}}}}`,
			`{"auth":{"identity":{"methods":["password"],"password":{"user":` +
				`{"name":"joe","password":"***"}}}}}`},
		{"v2.0 login", `{"auth":{"passwordCredentials":{"username":"joe","password":"x"},` +
			`"tenantName":"t"}}`,
			`{"auth":{"passwordCredentials":{"password":"***","username":"joe"},` +
				`"tenantName":"t"}}`},
		{"v3 token login", `{"auth":{"identity":{"methods":["token"],"token":{"id":"abcdef"}}}}`,
			`{"auth":{"identity":{"methods":["token"],"token":{"id":"` + tokenHash("abcdef") +
				`"}}}}`},
		{"v2.0 answer", `{"access":{"token":{"id":"tok-123","expires":"2030"}}}`,
			`{"access":{"token":{"expires":"2030","id":"` + tokenHash("tok-123") + `"}}}`},
		{"application credential",
			`{"application_credential":{"id":"a","secret":"s3cr3t"}}`,
			`{"application_credential":{"id":"a","secret":"***"}}`},
		{"change password", `{"changePassword":{"adminPass":"p"}}`,
			`{"changePassword":{"adminPass":"***"}}`},
		{"not JSON", `{"server": {"adminPass": "half-a-bo`,
			`{"server": {"adminPass": "half-a-bo`},
		{"truncated after a password",
			`{"user": {"password": "pw1", "name": "j`, `{"user": {"password": "***", "name": "j`},
		{"numbers stay exact", `{"ram":12345678901234567890}`, `{"ram":12345678901234567890}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, s.redactBody([]byte(tt.body)))
		})
	}
	// Tokens seen in bodies are hidden everywhere afterwards.
	assert.Equal(t, "GET /v2.0/tokens/"+tokenHash("tok-123"), s.scrub("GET /v2.0/tokens/tok-123"))
}

func TestRedactHeaders(t *testing.T) {
	s := newSecrets(gophercloud.AuthOptions{Password: "hunter2"})
	assert.Equal(t, tokenHash("t"), s.headerValue("x-auth-token", "t"))
	assert.Equal(t, "***", s.headerValue("Authorization", "Basic abc"))
	assert.Equal(t, "application/json", s.headerValue("Accept", "application/json"))
	assert.Equal(t, "why *** fails", s.scrub("why hunter2 fails"))
	assert.Len(t, tokenHash("anything"), len("{SHA256}")+16)
}

func TestCurlCommandQuotes(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1/servers?name=it's", nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "secret-token")
	got := curlCommand(req, nil, newSecrets(gophercloud.AuthOptions{}))
	assert.Equal(t, `curl -g -i -X GET 'http://127.0.0.1/servers?name=it'\''s' `+
		`-H 'X-Auth-Token: `+tokenHash("secret-token")+"'\n", got)
}

func TestDebugTraceShowsRetries(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	proxy := newFaultProxy(t, sb.ComputeURL(), func(r *http.Request, n int) bool {
		return n == 1
	})
	cloud := sandboxCloud(sb)
	cloud.ComputeEndpoint = proxy.URL + "/v2.1/"
	var trace strings.Builder
	client := connect(t, cloud, Options{Debug: &trace})
	listFlavors(t, client)

	out := trace.String()
	assert.Contains(t, out, "# 503 Service Unavailable, ")
	assert.Regexp(t, `# retry 1 of 4 in \d+ms after 503 Service Unavailable`, out)
	assert.Equal(t, 2, strings.Count(out, "curl -g -i -X GET '"+proxy.URL+"/v2.1/flavors'"))
}
