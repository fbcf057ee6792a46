package runtime

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// result is what one run of novalua printed and returned.
type result struct {
	code   int
	stdout string
	stderr string
}

// runCLI runs novalua in process with a fresh sandbox state directory.
func runCLI(t *testing.T, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	state := t.TempDir()
	getenv := func(name string) string {
		if v, ok := env[name]; ok {
			return v
		}
		switch name {
		case "NOVALUA_SANDBOX_STATE":
			return state
		case "NOVALUA_SANDBOX_BUILD_TIME":
			return "50ms"
		}
		return ""
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), IO{
		Args:   args,
		Stdin:  strings.NewReader(stdin),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: getenv,
	})
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func writeScript(t *testing.T, source string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.lua")
	require.NoError(t, os.WriteFile(path, []byte(source), 0o644))
	return path
}

func TestScriptArguments(t *testing.T) {
	path := writeScript(t, `print(arg[0] == ..., #arg, arg[1], arg[2])`)
	got := runCLI(t, "", nil, path, "one", "two words")

	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, "false\t2\tone\ttwo words\n", got.stdout)
}

func TestShebangLineIsSkipped(t *testing.T) {
	path := writeScript(t, "#!/usr/bin/env novalua\nprint('hi')\nerror('boom')\n")
	got := runCLI(t, "", nil, path)

	assert.Equal(t, "hi\n", got.stdout)
	assert.Equal(t, 1, got.code)
	// The shebang line still counts, so the error is on line 3.
	assert.Equal(t, "novalua: "+path+":3: boom\n", got.stderr)
}

func TestChunksAndStdin(t *testing.T) {
	tests := []struct {
		name   string
		stdin  string
		args   []string
		stdout string
	}{
		{"chunk", "", []string{"-e", "print(1 + 1)"}, "2\n"},
		{"two chunks share globals", "", []string{"-e", "x = 3", "-e", "print(x * 2)"}, "6\n"},
		{"dash reads stdin", "print(arg[1])", []string{"-", "a"}, "a\n"},
		{"pipe without script", "print('piped')", nil, "piped\n"},
		{"chunk then script", "", []string{"-e", "y = 5", "-", "z"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, nil, tt.args...)
			assert.Equal(t, 0, got.code, got.stderr)
			assert.Equal(t, tt.stdout, got.stdout)
		})
	}
}

func TestErrorsPrintOneLine(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"runtime error", []string{"-e", "local t = nil; print(t.x)"}, 1,
			"novalua: (command line):1: attempt to index a non-table object(nil) with key 'x'\n"},
		{"syntax error", []string{"-e", "print("}, 1,
			"novalua: (command line):1: syntax error near <eof>\n"},
		{"error with table", []string{"-e", "error({})"}, 1,
			"novalua: error object is a table value\n"},
		{"error with __tostring", []string{"-e",
			`error(setmetatable({}, {__tostring = function() return "mine" end}))`}, 1,
			"novalua: mine\n"},
		{"error with a failing __tostring", []string{"-e",
			`error(setmetatable({}, {__tostring = function() error("boom") end}))`}, 1,
			"novalua: error object cannot be printed: (command line):1: boom\n"},
		{"missing script", []string{"nope.lua"}, 1,
			"novalua: cannot open nope.lua: no such file or directory\n"},
		{"unknown option", []string{"--frobnicate"}, 2, "novalua: unknown option --frobnicate\n"},
		{"option without value", []string{"-e"}, 2, "novalua: -e needs a value\n"},
		{"empty script name", []string{""}, 2, "novalua: the script name is empty\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", nil, tt.args...)
			assert.Equal(t, tt.code, got.code)
			assert.True(t, strings.HasPrefix(got.stderr, tt.stderr), got.stderr)
			assert.NotContains(t, got.stderr, "goroutine")
			assert.NotContains(t, got.stderr, "stack traceback")
		})
	}
}

func TestHelp(t *testing.T) {
	got := runCLI(t, "", nil, "--help")
	assert.Equal(t, 0, got.code)
	assert.Contains(t, got.stdout, "novalua [options] script.lua [args...]")
}

func TestOSExitEndsTheScriptWithItsStatus(t *testing.T) {
	tests := []struct {
		code   string
		status int
		stdout string
		stderr string
	}{
		{`os.exit()`, 0, "", ""},
		{`os.exit(true)`, 0, "", ""},
		{`os.exit(false)`, 1, "", ""},
		{`print("a"); os.exit(3); print("b")`, 3, "a\n", ""},
		{`pcall(os.exit, 4); print("after")`, 4, "", ""},
		{`print(pcall(function() os.exit(5) end))`, 5, "", ""},
		{`os.exit("x")`, 1, "",
			"novalua: (command line):1: os.exit: 'code' must be a boolean or a number, " +
				"got string\n"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got := runCLI(t, "", nil, "-e", tt.code)
			assert.Equal(t, tt.status, got.code)
			assert.Equal(t, tt.stdout, got.stdout)
			assert.Equal(t, tt.stderr, got.stderr)
		})
	}
}

func TestHugeStringIsAnErrorNotACrash(t *testing.T) {
	got := runCLI(t, "", nil, "-e", `local s = string.rep("x", 2^40)`)
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "string.rep: the result would be 1099511627776 bytes")
}

func TestScriptArgumentsAreVarargsToo(t *testing.T) {
	path := writeScript(t, `print(select("#", ...), ...)`)
	got := runCLI(t, "", nil, path, "a", "b c")
	assert.Equal(t, "2\ta\tb c\n", got.stdout)

	got = runCLI(t, `print(...)`, nil, "-", "x")
	assert.Equal(t, "x\n", got.stdout)
}
