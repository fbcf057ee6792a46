//go:build integration

package integration

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// scriptRun is one run of a script under scripts/: its arguments, built from
// what earlier runs left in vars, and what it must print.
type scriptRun struct {
	script string
	args   func(vars map[string]string) []string
	want   func(vars map[string]string) []string // substrings of stdout
	keep   func(stdout string, vars map[string]string)
}

// scriptRuns has every script work on one server that TestScripts boots, and
// delete it with delete_server.lua; image scripts work on the image that
// create_image.lua makes of it. Scripts that boot a server of their own
// without arguments are given this one instead, since the book's image names
// do not exist on a real cloud.
func scriptRuns() []scriptRun {
	server := func(v map[string]string) []string { return []string{v["id"]} }
	none := func(map[string]string) []string { return nil }
	return []scriptRun{
		{script: "boot_server.lua",
			args: func(v map[string]string) []string {
				return []string{imageName, flavorName, v["name"] + "-boot"}
			},
			want: func(map[string]string) []string {
				return []string{`"status": "ACTIVE"`, "first IPv4 address: "}
			},
			keep: func(_ string, v map[string]string) {
				novalua("-e", `servers.delete(servers.find(arg[1]))`, "-", v["name"]+"-boot")
			}},
		{script: "show_server.lua", args: server,
			want: func(v map[string]string) []string { return []string{v["id"]} }},
		{script: "list_servers.lua",
			args: func(v map[string]string) []string { return []string{"^" + v["name"] + "$"} },
			want: func(v map[string]string) []string { return []string{v["name"]} }},
		{script: "list_addresses.lua", args: server, want: nil},
		{script: "list_network_addresses.lua",
			args: func(v map[string]string) []string { return []string{v["id"], "private"} }},
		{script: "list_flavors.lua", args: none,
			want: func(map[string]string) []string { return []string{"m1.tiny", "m1.xlarge"} }},
		{script: "list_images.lua",
			args: func(map[string]string) []string { return []string{imageName} },
			want: func(map[string]string) []string { return []string{imageName} }},
		{script: "pick_flavor.lua", args: none,
			want: func(map[string]string) []string { return []string{"m1.small"} }},
		{script: "show_limits.lua", args: none},
		{script: "set_access_addresses.lua", args: server},
		{script: "set_server_metadata_item.lua", args: withServer("owner", "joe")},
		{script: "get_server_metadata_item.lua", args: withServer("owner"),
			want: func(map[string]string) []string { return []string{"owner = joe"} }},
		{script: "list_server_metadata.lua", args: server},
		{script: "merge_server_metadata.lua", args: server},
		{script: "delete_server_metadata_item.lua", args: withServer("owner")},
		{script: "replace_server_metadata.lua", args: server},
		{script: "authenticate.lua", args: none,
			want: func(map[string]string) []string {
				return []string{"compute endpoint: http", "token expires:    20"}
			}},
		{script: "find_server.lua",
			args: func(v map[string]string) []string { return []string{v["name"]} },
			want: func(v map[string]string) []string {
				return []string{v["name"] + ": id " + v["id"] + ", ACTIVE"}
			}},
		bootWith("boot_with_metadata.lua", "-meta", []string{"owner=joe"},
			" is ACTIVE with 1 metadata items:", "owner        joe"),
		bootWith("boot_with_files.lua", "-files", nil, " is ACTIVE with 2 files:", "/etc/motd "),
		{script: "boot_many.lua",
			args: func(v map[string]string) []string {
				return []string{imageName, flavorName, v["name"] + "-many", "3"}
			},
			want: func(v map[string]string) []string {
				return []string{v["name"] + "-many-001", v["name"] + "-many-003",
					"3 of 3 servers ACTIVE in "}
			}},
		{script: "delete_many.lua",
			args: func(v map[string]string) []string { return []string{v["name"] + "-many-"} },
			want: func(v map[string]string) []string {
				return []string{"deleting " + v["name"] + "-many-002", "3 servers deleted"}
			}},
		{script: "pretty_print_json.lua",
			args: func(map[string]string) []string { return []string{flavorsFile()} },
			want: func(map[string]string) []string {
				return []string{"{\n  \"flavors\": [\n    {\n", `"name": "` + flavorName + `"`}
			}},
		{script: "rename_server.lua",
			args: func(v map[string]string) []string { return []string{v["id"], v["name"] + "-2"} },
			want: func(v map[string]string) []string { return []string{v["name"] + "-2"} }},
		{script: "change_password.lua",
			args: func(v map[string]string) []string { return []string{v["id"], "It-S3cret-pw"} }},
		{script: "reboot_server.lua",
			args: func(v map[string]string) []string { return []string{v["id"], "SOFT"} }},
		{script: "reboot_server.lua",
			args: func(v map[string]string) []string { return []string{v["id"], "HARD"} }},
		{script: "rebuild_server.lua", args: server},
		{script: "resize_confirm.lua", args: server},
		{script: "resize_revert.lua", args: server},
		{script: "create_image.lua",
			args: func(v map[string]string) []string {
				return []string{v["id"], v["name"] + "-img"}
			},
			keep: func(out string, v map[string]string) {
				v["image"] = firstMatch(out, `image id: ([0-9a-f-]{36})`)
			}},
		{script: "set_image_metadata_item.lua", args: withImage("creator", "joe")},
		{script: "get_image_metadata_item.lua", args: withImage("creator"),
			want: func(map[string]string) []string { return []string{"creator = joe"} }},
		{script: "list_image_metadata.lua", args: withImage()},
		{script: "merge_image_metadata.lua", args: withImage()},
		{script: "delete_image_metadata_item.lua", args: withImage("creator")},
		{script: "replace_image_metadata.lua", args: withImage()},
		{script: "delete_image.lua",
			args: func(v map[string]string) []string { return []string{v["image"]} }},
		{script: "delete_server.lua", args: server},
	}
}

// bootWith runs a boot_with_*.lua script, which boots a server of its own
// named after the scripts' server with suffix, and deletes that server.
func bootWith(script, suffix string, extra []string, active, want string) scriptRun {
	return scriptRun{script: script,
		args: func(v map[string]string) []string {
			return append([]string{imageName, flavorName, v["name"] + suffix}, extra...)
		},
		want: func(v map[string]string) []string {
			return []string{v["name"] + suffix + active, want}
		},
		keep: func(_ string, v map[string]string) {
			novalua("-e", `local s = servers.find(arg[1]) servers.delete(s)
				servers.wait(s, "DELETED")`, "-", v["name"]+suffix)
		}}
}

// flavorsFile writes the cloud's answer to GET /flavors/detail, as compact
// JSON, into a file for pretty_print_json.lua, and returns its path.
func flavorsFile() string {
	path := filepath.Join(cacheDir, "flavors.json")
	novalua("-e", `local body = cloud.request("GET", "flavors/detail")
		local f = assert(io.open(arg[1], "w")) f:write(json.encode(body)) f:close()`,
		"-", path)
	return path
}

// withServer and withImage give the server or the image the scripts work on,
// then more arguments.
func withServer(more ...string) func(map[string]string) []string {
	return func(v map[string]string) []string { return append([]string{v["id"]}, more...) }
}

func withImage(more ...string) func(map[string]string) []string {
	return func(v map[string]string) []string { return append([]string{v["image"]}, more...) }
}

func firstMatch(text, pattern string) string {
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestScripts(t *testing.T) {
	runs := scriptRuns()
	covered := map[string]bool{}
	for _, run := range runs {
		covered[run.script] = true
	}
	all, err := filepath.Glob("../scripts/*.lua")
	if err != nil || len(all) == 0 {
		t.Fatalf("no scripts under ../scripts: %v", err)
	}
	for _, path := range all {
		if !covered[filepath.Base(path)] {
			t.Errorf("%s is not run here: add it to scriptRuns with the arguments it "+
				"needs on a real cloud", path)
		}
	}

	vars := map[string]string{"name": prefix + "-scripts"}
	boot := novalua("-e", `print(servers.create{name = arg[1], image = arg[2], flavor = arg[3],
		wait = true}.id)`, "-", vars["name"], imageName, flavorName)
	check(t, "boot the scripts' server", boot)
	vars["id"] = strings.TrimSpace(boot.stdout)

	for _, run := range runs {
		t.Run(run.script, func(t *testing.T) {
			var args []string
			if run.args != nil {
				args = run.args(vars)
			}
			for _, a := range args {
				if a == "" {
					t.Fatalf("an earlier script did not leave what this one needs: %q", args)
				}
			}
			r := novalua(append([]string{filepath.Join("../scripts", run.script)}, args...)...)
			check(t, run.script, r)
			t.Log(r.stdout)
			if strings.Contains(r.stdout+r.stderr, "It-S3cret-pw") {
				t.Error("the new password was printed")
			}
			if run.want != nil {
				for _, want := range run.want(vars) {
					if !strings.Contains(r.stdout, want) {
						t.Errorf("stdout lacks %q", want)
					}
				}
			}
			if run.keep != nil {
				run.keep(r.stdout, vars)
			}
		})
	}
}
