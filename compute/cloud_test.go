package compute

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envOf returns a getenv that knows only vars.
func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestChoosePrecedence(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "clouds.yaml", 0o600, `
clouds:
  flagcloud:
    auth: {auth_url: "http://127.0.0.1:1/v3", username: a, password: p, user_domain_name: D}
  envcloud:
    auth: {auth_url: "http://127.0.0.1:2/v3", username: b, password: p, user_domain_name: D}
`)
	tests := []struct {
		name   string
		flag   string
		vars   map[string]string
		source Source
		cloud  string
		url    string
	}{
		{"flag wins over OS_CLOUD", "flagcloud",
			map[string]string{"OS_CLOUD": "envcloud", "OS_AUTH_URL": "http://127.0.0.1:3/v3"},
			FromCloudsYAML, "flagcloud", "http://127.0.0.1:1/v3"},
		{"OS_CLOUD wins over OS_*", "",
			map[string]string{"OS_CLOUD": "envcloud", "OS_AUTH_URL": "http://127.0.0.1:3/v3"},
			FromCloudsYAML, "envcloud", "http://127.0.0.1:2/v3"},
		{"OS_* without OS_CLOUD", "",
			map[string]string{"OS_AUTH_URL": "http://127.0.0.1:3/v3", "OS_USERNAME": "c",
				"OS_PASSWORD": "p"},
			FromEnvironment, "env", "http://127.0.0.1:3/v3"},
		{"nothing means the sandbox", "", map[string]string{}, FromSandbox, "sandbox", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.vars["OS_CLIENT_CONFIG_FILE"] = file
			cloud, source, err := Choose(tt.flag, envOf(tt.vars))
			require.NoError(t, err)
			assert.Equal(t, tt.source, source)
			assert.Equal(t, tt.cloud, cloud.Name)
			assert.Equal(t, tt.url, cloud.Auth.IdentityEndpoint)
		})
	}
}

func TestEnvironmentAuth(t *testing.T) {
	base := func(extra map[string]string) map[string]string {
		vars := map[string]string{"OS_AUTH_URL": "http://127.0.0.1:5000/v3"}
		for k, v := range extra {
			vars[k] = v
		}
		return vars
	}
	tests := []struct {
		name string
		vars map[string]string
		want gophercloud.AuthOptions
	}{
		{"v3 password by names with two domains",
			base(map[string]string{"OS_USERNAME": "demo", "OS_PASSWORD": "pw",
				"OS_PROJECT_NAME": "demo", "OS_USER_DOMAIN_NAME": "Users",
				"OS_PROJECT_DOMAIN_NAME": "Projects"}),
			gophercloud.AuthOptions{Username: "demo", Password: "pw", TenantName: "demo",
				DomainName: "Users", Scope: &gophercloud.AuthScope{ProjectName: "demo",
					DomainName: "Projects"}}},
		{"v3 password by ids",
			base(map[string]string{"OS_USER_ID": "u1", "OS_PASSWORD": "pw",
				"OS_PROJECT_ID": "p1"}),
			gophercloud.AuthOptions{UserID: "u1", Password: "pw", TenantID: "p1",
				Scope: &gophercloud.AuthScope{ProjectID: "p1"}}},
		{"token scoped to a project",
			base(map[string]string{"OS_TOKEN": "tok", "OS_PROJECT_ID": "p1"}),
			gophercloud.AuthOptions{TokenID: "tok", TenantID: "p1",
				Scope: &gophercloud.AuthScope{ProjectID: "p1"}}},
		{"application credential",
			base(map[string]string{"OS_APPLICATION_CREDENTIAL_ID": "ac",
				"OS_APPLICATION_CREDENTIAL_SECRET": "s3"}),
			gophercloud.AuthOptions{ApplicationCredentialID: "ac",
				ApplicationCredentialSecret: "s3"}},
		{"v2.0 password with a tenant",
			map[string]string{"OS_AUTH_URL": "http://127.0.0.1:5000/v2.0",
				"OS_USERNAME": "joe", "OS_PASSWORD": "pw", "OS_TENANT_NAME": "openstack"},
			gophercloud.AuthOptions{Username: "joe", Password: "pw", TenantName: "openstack",
				Scope: &gophercloud.AuthScope{ProjectName: "openstack"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cloud, source, err := Choose("", envOf(tt.vars))
			require.NoError(t, err)
			assert.Equal(t, FromEnvironment, source)
			tt.want.IdentityEndpoint = tt.vars["OS_AUTH_URL"]
			assert.Equal(t, tt.want, cloud.Auth)
		})
	}
}

func TestEnvironmentErrors(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"no credentials", map[string]string{}, "set OS_USERNAME or OS_USER_ID"},
		{"no password", map[string]string{"OS_USERNAME": "u"}, "OS_PASSWORD is not set"},
		{"project without its domain", map[string]string{"OS_USERNAME": "u",
			"OS_PASSWORD": "p", "OS_PROJECT_NAME": "demo", "OS_USER_DOMAIN_NAME": "Default"},
			"OS_PROJECT_NAME needs the project's domain: set OS_PROJECT_DOMAIN_NAME"},
		{"application credential without secret",
			map[string]string{"OS_APPLICATION_CREDENTIAL_ID": "a"},
			"OS_APPLICATION_CREDENTIAL_SECRET is not set"},
		{"bad interface", map[string]string{"OS_TOKEN": "t", "OS_INTERFACE": "private"},
			`OS_INTERFACE: interface "private" is not public, internal or admin`},
		{"bad override", map[string]string{"OS_TOKEN": "t", "OS_COMPUTE_ENDPOINT": "nova"},
			`OS_COMPUTE_ENDPOINT: "nova" is not an http or https URL`},
		{"bad insecure", map[string]string{"OS_TOKEN": "t", "OS_INSECURE": "maybe"},
			`OS_INSECURE: "maybe" is not true or false`},
		{"missing CA bundle", map[string]string{"OS_TOKEN": "t", "OS_CACERT": "/nope.pem"},
			"CA bundle: open /nope.pem: no such file or directory"},
		{"cert without key", map[string]string{"OS_TOKEN": "t", "OS_CERT": "/c.pem"},
			"client certificate: a certificate is set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.vars["OS_AUTH_URL"] = "http://127.0.0.1:5000/v3"
			_, _, err := Choose("", envOf(tt.vars))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "cloud from OS_* variables: "+tt.want)
		})
	}
}

func TestEnvironmentEndpointSettings(t *testing.T) {
	cloud, _, err := Choose("", envOf(map[string]string{
		"OS_AUTH_URL": "http://127.0.0.1:5000/v3", "OS_TOKEN": "t",
		"OS_REGION_NAME": "RegionTwo", "OS_INTERFACE": "internal",
		"OS_COMPUTE_ENDPOINT": "http://127.0.0.1:8774/v2.1",
	}))
	require.NoError(t, err)
	assert.Equal(t, "RegionTwo", cloud.Endpoint.Region)
	assert.Equal(t, gophercloud.AvailabilityInternal, cloud.Endpoint.Availability)
	assert.Equal(t, "http://127.0.0.1:8774/v2.1/", cloud.ComputeEndpoint)
	assert.Nil(t, cloud.TLS, "no TLS settings means Go's verified defaults")
	assert.False(t, cloud.canReauth(), "a token from OS_TOKEN cannot be renewed")
}

func TestCloudsYAMLWithSecureYAML(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "clouds.yaml", 0o644, `
clouds:
  mycloud:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: demo
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: admin
    compute_endpoint_override: http://127.0.0.1:8774/v2.1
`)
	writeFile(t, dir, "secure.yaml", 0o600, `
clouds:
  mycloud:
    auth:
      password: from-secure
`)
	t.Chdir(dir)

	cloud, source, err := Choose("mycloud", envOf(map[string]string{"HOME": t.TempDir()}))
	require.NoError(t, err)
	assert.Equal(t, FromCloudsYAML, source)
	assert.Equal(t, "from-secure", cloud.Auth.Password)
	assert.Equal(t, "demo", cloud.Auth.Username)
	assert.Equal(t, "RegionOne", cloud.Endpoint.Region)
	assert.Equal(t, gophercloud.AvailabilityAdmin, cloud.Endpoint.Availability)
	assert.Equal(t, "http://127.0.0.1:8774/v2.1/", cloud.ComputeEndpoint)
	assert.False(t, cloud.Insecure())
	// clouds.yaml holds no secret here, so its mode 0644 is fine.
	assert.Empty(t, cloud.Warnings())

	overridden, _, err := Choose("mycloud", envOf(map[string]string{
		"HOME": t.TempDir(), "OS_REGION_NAME": "RegionTwo",
		"OS_COMPUTE_ENDPOINT": "http://127.0.0.1:9999/v2.1"}))
	require.NoError(t, err)
	assert.Equal(t, "RegionTwo", overridden.Endpoint.Region)
	assert.Equal(t, "http://127.0.0.1:9999/v2.1/", overridden.ComputeEndpoint)
}

func TestCloudsYAMLErrors(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "clouds.yaml", 0o600, `
clouds:
  bad:
    auth: {auth_url: "http://127.0.0.1:5000/v3", token: t}
    compute_endpoint_override: "ftp://nova"
`)
	_, _, err := Choose("missing", envOf(map[string]string{"OS_CLIENT_CONFIG_FILE": file}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `cloud "missing" not found in clouds.yaml`)
	assert.Contains(t, err.Error(), "("+file+" has: bad)")

	_, _, err = Choose("bad", envOf(map[string]string{"OS_CLIENT_CONFIG_FILE": file}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `compute_endpoint_override: "ftp://nova" is not an http`)
}

func TestWarnings(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "clouds.yaml", 0o644, `
clouds:
  open:
    auth: {auth_url: "https://127.0.0.1:5000/v3", username: u, password: hunter2,
           user_domain_name: Default}
    verify: false
`)
	cloud, _, err := Choose("open", envOf(map[string]string{"OS_CLIENT_CONFIG_FILE": file}))
	require.NoError(t, err)
	assert.True(t, cloud.Insecure())

	warnings := cloud.Warnings()
	require.Len(t, warnings, 2)
	assert.Contains(t, warnings[0], "TLS certificates are not verified for cloud open")
	assert.Equal(t, file+" holds a password or secret and can be read by others "+
		"(mode 0644); run: chmod 600 "+file, warnings[1])
	for _, w := range warnings {
		assert.NotContains(t, w, "hunter2")
	}

	require.NoError(t, os.Chmod(file, 0o600))
	cloud, _, err = Choose("open", envOf(map[string]string{"OS_CLIENT_CONFIG_FILE": file,
		"OS_INSECURE": "false"}))
	require.NoError(t, err)
	assert.False(t, cloud.Insecure(), "OS_INSECURE=false overrides verify: false")
	assert.Empty(t, cloud.Warnings())
}

func writeFile(t *testing.T, dir, name string, mode os.FileMode, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
	require.NoError(t, os.Chmod(path, mode)) // the umask may have narrowed it
	return path
}
