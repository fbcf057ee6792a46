package jsonpp

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run calls Main the way main.go does and returns its exit status, stdout and stderr.
func run(t *testing.T, args []string, stdin string, tty bool,
	env map[string]string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(name string) string { return env[name] }
	code := Main(args, strings.NewReader(stdin), &stdout, &stderr, tty, getenv)
	return code, stdout.String(), stderr.String()
}

func TestMainCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(good, []byte(`{"b":[1],"a":"x"}`), 0o644))
	require.NoError(t, os.WriteFile(bad, []byte("{\"a\": 1,\n \"b\" 2}"), 0o644))
	missing := filepath.Join(dir, "missing.json")

	cases := []struct {
		name   string
		args   []string
		stdin  string
		tty    bool
		env    map[string]string
		code   int
		stdout string
		stderr string
	}{
		{name: "stdin by default", stdin: `{"a":[1,2]}`,
			stdout: "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n"},
		{name: "stdin as dash", args: []string{"--compact", "-"}, stdin: `{ "a" : 1 }`,
			stdout: "{\"a\":1}\n"},
		{name: "indent", args: []string{"--indent", "4"}, stdin: `[1]`, stdout: "[\n    1\n]\n"},
		{name: "indent with equals", args: []string{"--indent=1"}, stdin: `[1]`,
			stdout: "[\n 1\n]\n"},
		{name: "indent zero is compact", args: []string{"--indent", "0"}, stdin: `[1, 2]`,
			stdout: "[1,2]\n"},
		{name: "tab", args: []string{"--tab"}, stdin: `[1]`, stdout: "[\n\t1\n]\n"},
		{name: "sort keys", args: []string{"--sort-keys", "--compact"}, stdin: `{"b":1,"a":2}`,
			stdout: "{\"a\":2,\"b\":1}\n"},
		{name: "files in order", args: []string{"--compact", good, "-", good}, stdin: "[]",
			stdout: "{\"b\":[1],\"a\":\"x\"}\n[]\n{\"b\":[1],\"a\":\"x\"}\n"},
		{name: "options after files", args: []string{good, "--compact"},
			stdout: "{\"b\":[1],\"a\":\"x\"}\n"},
		{name: "double dash", args: []string{"--compact", "--", good},
			stdout: "{\"b\":[1],\"a\":\"x\"}\n"},
		{name: "syntax error in file", args: []string{"--compact", bad, good}, code: 1,
			stdout: "{\"b\":[1],\"a\":\"x\"}\n",
			stderr: "jsonpp: " + bad + ":2:6: invalid character '2' after object key\n" +
				"     \"b\" 2}\n         ^ (byte 14)\n"},
		{name: "syntax error on stdin", stdin: "[1,]", code: 1,
			stderr: "jsonpp: <stdin>:1:4: invalid character ']' looking for beginning of value\n" +
				"    [1,]\n       ^ (byte 3)\n"},
		{name: "documents before the error are kept", args: []string{"--compact"},
			stdin: "[1] [2] x", code: 1,
			stdout: "[1]\n[2]\n",
			stderr: "jsonpp: <stdin>:1:9: invalid character 'x' looking for beginning of value\n" +
				"    [1] [2] x\n            ^ (byte 8)\n"},
		{name: "empty stdin", code: 1, stderr: "jsonpp: <stdin>:1:1: empty input\n"},
		{name: "missing file", args: []string{missing, good}, code: 1,
			stdout: "{\n  \"b\": [\n    1\n  ],\n  \"a\": \"x\"\n}\n",
			stderr: "jsonpp: " + missing + ": no such file or directory\n"},
		{name: "directory", args: []string{dir}, code: 1,
			stderr: "jsonpp: " + dir + ": is a directory\n"},
		{name: "colour auto on a terminal", stdin: "null", tty: true,
			stdout: colorNull + "null" + colorReset + "\n"},
		{name: "colour auto off a terminal", stdin: "null", stdout: "null\n"},
		{name: "NO_COLOR", stdin: "null", tty: true, env: map[string]string{"NO_COLOR": "1"},
			stdout: "null\n"},
		{name: "colour always beats NO_COLOR", args: []string{"--color", "always"}, stdin: "null",
			env:    map[string]string{"NO_COLOR": "1"},
			stdout: colorNull + "null" + colorReset + "\n"},
		{name: "colour never", args: []string{"--color=never"}, stdin: "null", tty: true,
			stdout: "null\n"},
		{name: "help", args: []string{"--help"}, stdout: help},
		{name: "help wins over input", args: []string{"-h", missing}, stdout: help},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args, tc.stdin, tc.tty, tc.env)
			assert.Equal(t, tc.code, code, "exit status")
			assert.Equal(t, tc.stdout, stdout, "stdout")
			assert.Equal(t, tc.stderr, stderr, "stderr")
		})
	}
}

func TestMainUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"--bogus"}, "unknown option --bogus"},
		{[]string{"-x"}, "unknown option -x"},
		{[]string{"--indent"}, "--indent needs a value"},
		{[]string{"--indent", "wide"}, `--indent must be a number from 0 to 16, got "wide"`},
		{[]string{"--indent=17"}, `--indent must be a number from 0 to 16, got "17"`},
		{[]string{"--indent", "-1"}, `--indent must be a number from 0 to 16, got "-1"`},
		{[]string{"--color", "sometimes"},
			`--color must be auto, always or never, got "sometimes"`},
		{[]string{"--tab=yes"}, "--tab takes no value"},
		{[]string{"--tab", "--compact"}, "--indent, --tab and --compact cannot be combined"},
		{[]string{"--indent", "4", "--tab"}, "--indent, --tab and --compact cannot be combined"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args, "{}", false, nil)
			assert.Equal(t, 2, code)
			assert.Empty(t, stdout)
			assert.Equal(t, fmt.Sprintf("jsonpp: %s\n%s\n", tc.msg, Usage), stderr)
		})
	}
}

// brokenPipe fails every write the way a closed pipe does once SIGPIPE is ignored.
type brokenPipe struct{ writes int }

func (b *brokenPipe) Write([]byte) (int, error) {
	b.writes++
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

func TestMainBrokenPipeIsQuiet(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "big.json")
	require.NoError(t, os.WriteFile(file, []byte(strings.Repeat("[1,2]\n", 100000)), 0o644))

	out := &brokenPipe{}
	var stderr bytes.Buffer
	code := Main([]string{file, file}, strings.NewReader(""), out, &stderr, false,
		func(string) string { return "" })

	assert.Equal(t, 0, code)
	assert.Empty(t, stderr.String())
	assert.Equal(t, 1, out.writes, "stops at the first failed write")
}

type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

func TestMainWriteErrorStops(t *testing.T) {
	var stderr bytes.Buffer
	code := Main([]string{"-", "-"}, strings.NewReader("[1] [2]"), fullDisk{}, &stderr, false,
		func(string) string { return "" })

	assert.Equal(t, 1, code)
	assert.Equal(t, "jsonpp: write output: no space left on device\n", stderr.String())
}
