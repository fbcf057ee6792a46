package runtime

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helpOptions returns the options a help text lists in its option lines,
// "  --name VALUE   what it does" or "  -h, --help", each with the value it
// takes ("" for none).
func helpOptions(help string) map[string]string {
	line := regexp.MustCompile(`(?m)^ {2}((?:-[a-z], )?--?[a-z-]+)(?: ([A-Z][A-Z,]*))?(?: {2,}|$)`)
	options := map[string]string{}
	for _, m := range line.FindAllStringSubmatch(help, -1) {
		for _, name := range strings.Split(m[1], ", ") {
			options[name] = m[2]
		}
	}
	return options
}

func TestMainHelpListsCommandsAndOptions(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}} {
		got := runCLI(t, "", nil, args...)
		require.Equal(t, 0, got.code, got.stderr)
		assert.Equal(t, usage, got.stdout)
		assert.Empty(t, got.stderr)
	}

	var names []string
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	require.Contains(t, names, "stubs")
	for _, name := range names {
		assert.Regexp(t, `(?m)^  novalua `+name+` `, usage, "the command %s", name)
	}

	options := helpOptions(usage)
	for _, name := range []string{"--os-cloud", "--sandbox-state", "--debug",
		"--no-token-cache", "-h", "--help"} {
		assert.Contains(t, options, name, "option %s is not listed", name)
	}
	assert.Contains(t, usage, "-e 'code'")
	assert.Contains(t, usage, "-i script.lua")
	for name, value := range options {
		args := []string{name}
		if value != "" {
			args = append(args, "x")
		}
		_, err := parseArgs(args)
		assert.NoError(t, err, "--help lists %s, which novalua does not take", name)
	}
}

func TestJSONPPHelpListsItsOptions(t *testing.T) {
	got := runCLI(t, "", nil, "jsonpp", "--help")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "usage: novalua jsonpp ")

	options := helpOptions(got.stdout)
	values := map[string]string{"N": "4", "WHEN": "never"}
	for _, name := range []string{"--indent", "--tab", "--compact", "--sort-keys",
		"--color", "--help"} {
		assert.Contains(t, options, name, "option %s is not listed", name)
	}
	for name, value := range options {
		args := []string{"jsonpp", name}
		if value != "" {
			require.Contains(t, values, value, "a value for %s", name)
			args = append(args, values[value])
		}
		run := runCLI(t, `{"a": 1}`, nil, args...)
		assert.Equal(t, 0, run.code, "%v: %s", args, run.stderr)
	}
}

func TestSandboxHelpListsItsCommandsAndOptions(t *testing.T) {
	for _, args := range [][]string{{"sandbox", "--help"}, {"sandbox", "serve", "--help"}} {
		got := runCLI(t, "", nil, args...)
		require.Equal(t, 0, got.code, got.stderr)
		assert.Equal(t, sandboxHelp, got.stdout)
	}
	assert.Regexp(t, `(?m)^usage: novalua sandbox serve `, sandboxHelp)
	assert.Regexp(t, `(?m)^ +novalua sandbox reset `, sandboxHelp)

	options := helpOptions(sandboxHelp)
	for name := range serveOptionFlags {
		assert.Contains(t, options, name, "serve takes %s, which --help does not list", name)
	}
	values := map[string]string{"ID,COMPUTE": "127.0.0.1:0,127.0.0.1:0", "DIR": t.TempDir(),
		"D": "2s", "F": "0.5", "N": "3", "GLOB": "web*"}
	for name, value := range options {
		args := []string{name}
		if value != "" {
			require.Contains(t, values, value, "a value for %s", name)
			args = append(args, values[value])
		}
		_, err := parseSandboxArgs("serve", args)
		assert.NoError(t, err, "--help lists %s, which sandbox serve does not take", name)
	}
}

func TestStubsHelp(t *testing.T) {
	got := runCLI(t, "", nil, "stubs", "--help")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, stubsHelp, got.stdout)
	assert.Contains(t, got.stdout, stubsUsage)
	assert.Equal(t, map[string]string{"-h": "", "--help": ""}, helpOptions(got.stdout))
}
