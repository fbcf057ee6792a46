//go:build integration

package integration

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBindings runs each Lua test under testdata/ against the cloud. A test
// asserts with Lua's assert, cleans up after itself and prints "ok" last.
func TestBindings(t *testing.T) {
	files, err := filepath.Glob("testdata/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Lua tests under testdata: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".lua"), func(t *testing.T) {
			t.Parallel()
			r := novalua(file, imageName, flavorName, prefix)
			t.Log(r.stdout)
			check(t, file, r)
			if !strings.HasSuffix(r.stdout, "ok\n") {
				t.Errorf("%s did not finish", file)
			}
		})
	}
}

// TestCloudModule checks cloud.info, cloud.token and cloud.request on the
// real cloud, and that the token of one run is reused by the next.
func TestCloudModule(t *testing.T) {
	code := `
local info = cloud.info()
assert(info.cloud == arg[1], "cloud.info names the cloud")
assert(info.compute_endpoint:match("^https?://"), "compute endpoint")
assert(info.project_id and info.project_name, "project")
local token = cloud.token()
for k, v in pairs(info) do
  assert(tostring(v) ~= token, "cloud.info holds the token in " .. k)
end
local body, status, headers = cloud.request("GET", "os-availability-zone")
assert(status == 200 and body.availabilityZoneInfo, "a call no module wraps")
assert(headers["x-openstack-request-id"], "the answer's headers")
local ok, err = pcall(cloud.request, "GET", "servers/00000000-0000-0000-0000-000000000000")
assert(not ok and err.code == 404, "an error answer is raised")
print(info.token_from_cache)
`
	first := novalua("-e", code, "-", cloudName)
	check(t, "first run", first)
	second := novalua("-e", code, "-", cloudName)
	check(t, "second run", second)
	if strings.TrimSpace(second.stdout) != "true" {
		t.Errorf("the second run did not reuse the token: %q", second.stdout)
	}

	debug := novalua("--debug", "-e", `servers.list()`)
	check(t, "debug run", debug)
	if !strings.Contains(debug.stderr, "curl -g -i -X GET ") ||
		!strings.Contains(debug.stderr, "X-Auth-Token: {SHA256}") {
		t.Errorf("--debug did not show the request:\n%s", debug.stderr)
	}
	token := strings.TrimSpace(novalua("-e", `print(cloud.token())`).stdout)
	if token == "" || strings.Contains(debug.stderr, token) {
		t.Error("--debug showed the token")
	}
}
