package runtime

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scriptCase is one run of a script from scripts/ on a fresh sandbox.
type scriptCase struct {
	args  []string
	setup string // Lua run first, against the same sandbox state

	env     map[string]string // more settings of the sandbox, such as NOVALUA_SANDBOX_FAIL_BUILDS
	stdin   string            // when set, the script runs as a process of its own reading it
	offline bool              // the script needs no cloud, so nothing is said about one

	// lines must match the output line by line, each pattern anchored; when
	// some is set instead, its patterns must match lines in that order, with
	// other lines between them allowed.
	lines []string
	some  []string
}

const (
	uuid = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	ipv4 = `\d+\.\d+\.\d+\.\d+`
)

// scriptCases says what each script prints. Every script under scripts/ must
// have at least one case.
var scriptCases = map[string][]scriptCase{
	"boot_server.lua": {{some: []string{`"name": "tornado001"`, `"status": "ACTIVE"`,
		`admin password: \d+ characters, in server.adminPass \(not shown\)`,
		`first IPv4 address: ` + ipv4 + ` \(private\)`}}},
	"list_servers.lua": {
		{lines: []string{`0 servers`}},
		{setup: `servers.create{name = "web", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", count = 2, wait = true}`,
			lines: []string{`2 servers`,
				`web-1 +ACTIVE +flavor 1 +` + uuid,
				`web-2 +ACTIVE +flavor 1 +` + uuid}},
		{setup: `servers.create{name = "web", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", count = 2}`, args: []string{"2$"},
			lines: []string{`1 server`, `web-2 +(BUILD|ACTIVE) +flavor 1 +` + uuid}},
	},
	"show_server.lua": {{lines: []string{
		`name:     details-demo`, `id:       ` + uuid, `status:   ACTIVE`,
		`flavor:   m1.tiny`, `image:    0b4f2c7e-3c1d-4a8e-9f6b-1d2e3f4a5b03`,
		`host id:  [0-9a-f]{56}`, `created:  \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`,
		`address:  private IPv4 ` + ipv4, `address:  public IPv4 ` + ipv4,
		`address:  public IPv6 [0-9a-f:]+`, `metadata: owner = joe`,
	}}},
	"list_addresses.lua": {{lines: []string{
		`addresses-demo has addresses on 2 networks`, `private +IPv4  ` + ipv4,
		`public +IPv4  ` + ipv4, `public +IPv6  [0-9a-f:]+`,
	}}},
	"list_network_addresses.lua": {{lines: []string{
		`network-demo, network private:`, `IPv4  ` + ipv4,
	}}},
	"rename_server.lua": {{args: []string{"-", "tornado"}, lines: []string{
		`renamed rename-demo to tornado`, `the cloud now says: tornado`,
	}}},
	"set_access_addresses.lua": {{lines: []string{
		`access-demo accessIPv4: 192\.168\.100\.2`, `access-demo accessIPv6: fe80::c0a8:6402`,
	}}},
	"change_password.lua": {{lines: []string{
		`changed the password of password-demo \(23 characters\)`, `password-demo is ACTIVE`,
	}}},
	"reboot_server.lua": {
		{lines: []string{`SOFT reboot of reboot-demo: REBOOT`, `reboot-demo is ACTIVE again`}},
		{args: []string{"-", "hard"}, lines: []string{`HARD reboot of reboot-demo: HARD_REBOOT`,
			`reboot-demo is ACTIVE again`}},
	},
	"rebuild_server.lua": {{lines: []string{
		`rebuilding rebuild-demo from ubuntu-11\.04-server: REBUILD`,
		`new admin password: \d+ characters \(not shown\)`,
		`rebuild-demo is ACTIVE, image ubuntu-11\.04-server, rebuilt = yes`,
	}}},
	"resize_confirm.lua": {{lines: []string{
		`resize-demo: m1\.tiny -> m1\.small, VERIFY_RESIZE`,
		`confirmed: resize-demo is ACTIVE on m1\.small`,
	}}},
	"resize_revert.lua": {{lines: []string{
		`revert-demo: m1\.tiny -> m1\.small, VERIFY_RESIZE`,
		`reverted: revert-demo is ACTIVE on m1\.tiny`,
	}}},
	"create_image.lua": {{lines: []string{
		`image tornado-app-server of image-demo: SAVING`, `image id: ` + uuid,
		`image tornado-app-server is ACTIVE, version 1\.0\.0`,
	}}},
	"boot_many.lua": {
		{args: []string{"-", "-", "web", "4"}, lines: []string{
			`web-001 +ACTIVE  ` + ipv4 + ` \(private\)`, `web-002 +ACTIVE  ` + ipv4 + ` \(private\)`,
			`web-003 +ACTIVE  ` + ipv4 + ` \(private\)`, `web-004 +ACTIVE  ` + ipv4 + ` \(private\)`,
			`4 of 4 servers ACTIVE in \d+ s`}},
		{args: []string{"-", "-", "bad", "3"},
			env: map[string]string{"NOVALUA_SANDBOX_FAIL_BUILDS": "bad-002"},
			lines: []string{`bad-001 +ACTIVE  ` + ipv4 + ` \(private\)`,
				`bad-002 +ERROR  Build of instance ` + uuid + ` aborted: .+`,
				`bad-003 +ACTIVE  ` + ipv4 + ` \(private\)`, `2 of 3 servers ACTIVE in \d+ s`}},
		{setup: `servers.create{name = "pre", image = "ubuntu-11.04-server", flavor = "m1.tiny",
			count = limits.get().absolute.maxTotalInstances - 2}`,
			args: []string{"-", "-", "q", "3"}, some: []string{
				`q-00\d +NOT CREATED  servers.create: create server: overLimit \(413\): Quota exceeded`,
				`2 of 3 servers ACTIVE in \d+ s`}},
	},
	"delete_many.lua": {
		{lines: []string{`deleting delete-many-1`, `deleting delete-many-2`,
			`deleting delete-many-3`, `3 servers deleted`}},
		{setup: `servers.create{name = "web", image = "ubuntu-11.04-server", flavor = "m1.tiny",
			count = 2}
			servers.create{name = "keep", image = "ubuntu-11.04-server", flavor = "m1.tiny"}`,
			args:  []string{"web-"},
			lines: []string{`deleting web-1`, `deleting web-2`, `2 servers deleted`}},
		{args: []string{"zzz"}, lines: []string{`no server's name starts with zzz`}},
	},
	"delete_server.lua": {{lines: []string{
		`deleting delete-demo`, `delete-demo is gone: 404 itemNotFound`,
	}}},
	"list_images.lua": {{lines: []string{
		`3 images`,
		`ubuntu-11\.04-initrd +ACTIVE +5\.6 MB  minRam 0  minDisk 0  ` + uuid,
		`ubuntu-11\.04-kernel +ACTIVE +4\.2 MB  minRam 0  minDisk 0  ` + uuid,
		`ubuntu-11\.04-server +ACTIVE +1408\.0 MB  minRam 0  minDisk 0  ` + uuid,
	}}},
	"list_flavors.lua": {{lines: []string{
		`5 flavors`,
		`1 +m1\.tiny +512 MB RAM +1 vCPUs +1 GB disk`,
		`2 +m1\.small +2048 MB RAM +1 vCPUs +20 GB disk`,
		`3 +m1\.medium +4096 MB RAM +2 vCPUs +40 GB disk`,
		`4 +m1\.large +8192 MB RAM +4 vCPUs +80 GB disk`,
		`5 +m1\.xlarge +16384 MB RAM +8 vCPUs +160 GB disk`,
	}}},
	"pick_flavor.lua": {
		{lines: []string{`at least 2048 MB, 1 vCPUs, 0 GB: m1\.small \(2048 MB, 1 vCPUs, 20 GB\)`}},
		{args: []string{"1024", "3", "50"}, lines: []string{
			`at least 1024 MB, 3 vCPUs, 50 GB: m1\.large \(8192 MB, 4 vCPUs, 80 GB\)`}},
	},
	"delete_image.lua": {{lines: []string{
		`deleting image doomed-snapshot`, `image doomed-snapshot is gone`,
	}}},
	"show_limits.lua": {{setup: `servers.create{name = "a", image = "ubuntu-11.04-server",
		flavor = "m1.small"}`, some: []string{
		`maxImageMeta +5`, `maxPersonality +5`, `maxPersonalitySize +10240`,
		`maxServerMeta +5`, `maxTotalRAMSize +51200`, `totalCoresUsed +1`,
		`totalInstancesUsed +1`, `totalRAMUsed +2048`, `0 rate limits`,
	}}},
	"list_server_metadata.lua": {{lines: []string{
		`metadata-demo has 2 metadata items`, `  Server Name = Tornado`, `  owner = joe`,
	}}},
	"get_server_metadata_item.lua": {
		{lines: []string{`metadata-demo: owner = joe`}},
		{args: []string{"-", "color"},
			lines: []string{`no metadata 'color' on server ` + uuid}},
	},
	"replace_server_metadata.lua": {{lines: []string{
		`before: Server Name=Tornado`, `after:  group=www, owner=joe`,
	}}},
	"set_server_metadata_item.lua": {{args: []string{"-", "owner", "adam"}, lines: []string{
		`set owner = adam on metadata-demo`, `now: group=www, owner=adam`,
	}}},
	"merge_server_metadata.lua": {{lines: []string{
		`before: group=www, owner=joe`, `after:  group=www, owner=adam`,
	}}},
	"delete_server_metadata_item.lua": {{lines: []string{
		`deleted owner from metadata-demo`, `left: group=www`,
	}}},
	"list_image_metadata.lua": {{lines: []string{
		`metadata-demo-snap has 2 metadata items`, `  creator = joe`, `  version = 1\.0\.0`,
	}}},
	"get_image_metadata_item.lua": {
		{lines: []string{`metadata-demo-snap: creator = joe`}},
		{args: []string{"-", "color"},
			lines: []string{`no metadata 'color' on image ` + uuid}},
	},
	"replace_image_metadata.lua": {{lines: []string{
		`before: version=1\.0\.0`, `after:  creator=joe, version=2\.0\.0`,
	}}},
	"set_image_metadata_item.lua": {{lines: []string{
		`set creator = joe on metadata-demo-snap`, `now: creator=joe, version=1\.0\.0`,
	}}},
	"merge_image_metadata.lua": {{lines: []string{
		`before: creator=joe, version=1\.0\.0`, `after:  creator=joe, version=1\.0\.1`,
	}}},
	"delete_image_metadata_item.lua": {{lines: []string{
		`deleted creator from metadata-demo-snap`, `left: version=1\.0\.0`,
	}}},
	"authenticate.lua": {{lines: []string{
		`cloud: +sandbox`, `identity service: http://127\.0\.0\.1:\d+/v3`,
		`user: +joe \(project openstack\)`,
		`compute endpoint: http://127\.0\.0\.1:\d+/v2\.1/`,
		`token expires: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in (59|60) minutes\)`,
		`token: +\d+ characters, new \(not shown: treat it as a password\)`,
	}}},
	"find_server.lua": {
		{lines: []string{`2 servers: find-demo-1, find-demo-2`,
			`find-demo-2: id ` + uuid + `, (BUILD|ACTIVE), flavor m1\.tiny`}},
		{setup: `servers.create{name = "web", image = "ubuntu-11.04-server",
			flavor = "m1.small", count = 2}`, args: []string{"web-1"},
			lines: []string{`2 servers: web-1, web-2`,
				`web-1: id ` + uuid + `, (BUILD|ACTIVE), flavor m1\.small`}},
	},
	"boot_with_metadata.lua": {
		{lines: []string{`tornado002 is ACTIVE with 5 metadata items:`,
			`  admin +Joe Speedoo`, `  backup +no`, `  belongs-to +load balanced group no 1`,
			`  function +dynamic content`, `  master +no`}},
		{args: []string{"-", "m1.small", "-", "owner=joe", "role=web server"},
			lines: []string{`tornado002 is ACTIVE with 2 metadata items:`,
				`  owner +joe`, `  role +web server`}},
	},
	"boot_with_files.lua": {{lines: []string{`tornado003 is ACTIVE with 2 files:`,
		`  /etc/motd +\d+ bytes from \.\./scripts/files/motd`,
		`  /home/joe/\.profile +\d+ bytes from \.\./scripts/files/profile`,
	}}},
	"pretty_print_json.lua": {
		{stdin: `{"b": [1, 2.50], "a": {}}`, offline: true,
			lines: []string{`{`, `  "b": \[`, `    1,`, `    2\.50`, `  \],`, `  "a": {}`, `}`}},
		{stdin: "{\"x\":\n[true]}\n{}", args: []string{"-"}, offline: true,
			lines: []string{`{`, `  "x": \[`, `    true`, `  \]`, `}`, `{}`}},
		{args: []string{"../bindings/testdata/server-detail.json"}, offline: true,
			some: []string{`^{$`, `^  "id": "02aa5fe1-`, `^  "name": "smoke-1",$`,
				`^  "status": "ACTIVE",$`, `^  "tenant_id": `, `^  "user_id": `,
				`^  "metadata": {$`}},
	},
}

func TestEveryScriptRunsOnTheSandbox(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "scripts", "*.lua"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)

	seen := map[string]bool{}
	for _, path := range paths {
		name := filepath.Base(path)
		seen[name] = true
		cases, ok := scriptCases[name]
		if !assert.True(t, ok, "scripts/%s has no case in scriptCases", name) {
			continue
		}
		for i, sc := range cases {
			t.Run(strings.TrimSuffix(name, ".lua")+"/"+string(rune('a'+i)), func(t *testing.T) {
				t.Parallel()
				runScriptCase(t, path, sc)
			})
		}
	}
	for name := range scriptCases {
		assert.True(t, seen[name], "scriptCases has %s, which is not in scripts/", name)
	}
}

func runScriptCase(t *testing.T, path string, sc scriptCase) {
	state := t.TempDir()
	if sc.setup != "" {
		got := runInStateWith(t, state, sc.env, "-e", sc.setup)
		require.Equal(t, 0, got.code, "setup: %s", got.stderr)
	}

	var got result
	if sc.stdin != "" {
		got = runProcessInState(t, state, sc.stdin, append([]string{path}, sc.args...)...)
	} else {
		got = runInStateWith(t, state, sc.env, append([]string{path}, sc.args...)...)
	}
	require.Equal(t, 0, got.code, "stdout:\n%s\nstderr:\n%s", got.stdout, got.stderr)
	assert.NotContains(t, got.stdout, `"adminPass"`, "scripts keep passwords off the screen")
	if sc.offline {
		assert.Empty(t, got.stderr)
	} else {
		assert.Regexp(t, `^novalua: no cloud configured, using the sandbox cloud `+
			`\(state in .+\)\n$`, got.stderr)
	}

	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	if sc.some != nil {
		matchInOrder(t, sc.some, lines)
		return
	}
	if !assert.Len(t, lines, len(sc.lines), got.stdout) {
		return
	}
	for i, pattern := range sc.lines {
		assert.Regexp(t, "^"+pattern+"$", lines[i])
	}
}

// matchInOrder checks that each pattern matches a line after the line the
// previous pattern matched.
func matchInOrder(t *testing.T, patterns, lines []string) {
	t.Helper()
	next := 0
	for _, pattern := range patterns {
		re := regexp.MustCompile(pattern)
		for next < len(lines) && !re.MatchString(lines[next]) {
			next++
		}
		if !assert.Less(t, next, len(lines), "no line matches %q after the previous "+
			"pattern in:\n%s", pattern, strings.Join(lines, "\n")) {
			return
		}
		next++
	}
}

// runInState runs novalua in process against the sandbox state in dir, with
// a short build time so that scripts that wait do not wait long, yet long
// enough that a script sees a passing state such as REBOOT on a busy machine.
func runInState(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runInStateWith(t, dir, nil, args...)
}

// runInStateWith is runInState with more environment variables.
func runInStateWith(t *testing.T, dir string, env map[string]string, args ...string) result {
	t.Helper()
	getenv := func(name string) string {
		if value, ok := env[name]; ok {
			return value
		}
		switch name {
		case "NOVALUA_SANDBOX_STATE":
			return dir
		case "NOVALUA_SANDBOX_BUILD_TIME":
			return "400ms"
		}
		return ""
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), IO{
		Args:   args,
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: getenv,
	})
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// TestScriptsFollowTheirConventions checks the header every script starts
// with: one line that says what it does, then its usage.
func TestScriptsFollowTheirConventions(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "scripts", "*.lua"))
	require.NoError(t, err)
	for _, path := range paths {
		source, err := os.ReadFile(path)
		require.NoError(t, err)
		lines := strings.Split(string(source), "\n")
		name := filepath.Base(path)

		require.Greater(t, len(lines), 2, name)
		assert.Regexp(t, `^-- [A-Z]`, lines[0], name)
		if name != "boot_server.lua" {
			assert.True(t, strings.HasPrefix(lines[1], "-- usage: novalua scripts/"+name),
				"%s: the second line is its usage: %q", name, lines[1])
			assert.Equal(t, "", lines[2], "%s: a blank line after the header", name)
		}
		for i, line := range lines {
			assert.LessOrEqual(t, len([]rune(line)), 100, "%s:%d is too long", name, i+1)
		}
	}
}
