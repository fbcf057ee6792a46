package runtime

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// runREPLInput runs the REPL in process on lines typed from a pipe: -e makes
// novalua open it after the chunk instead of running stdin as a script.
func runREPLInput(t *testing.T, input string) result {
	t.Helper()
	return runCLI(t, input, nil, "-i", "-e", "setup = true")
}

func TestREPLPrintsWhatExpressionsReturn(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		stdout string
	}{
		{"expression", "1 + 1\n", "2\n"},
		{"statement prints nothing", "y = 2\n", ""},
		{"statement then expression", "y = 2\ny * 3\n", "6\n"},
		{"several values", "1, 'a', nil\n", "1\t\"a\"\tnil\n"},
		{"call returning nothing", "print('hi')\n", "hi\n"},
		{"equals sign as in Lua 5.1", "=2 ^ 3\n", "8\n"},
		{"table", "{b = 1, a = {1, 2}}\n", "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1\n}\n"},
		{"several values with a table", "1, {2}\n", "1\n[\n  2\n]\n"},
		{"last value in _", "{10, 20}\n#_, _[2]\n", "[\n  10,\n  20\n]\n2\t20\n"},
		{"globals of the chunk before", "setup\n", "true\n"},
		{"empty lines", "\n  \n1\n", "1\n"},
		{"function over lines", "function f(x)\n  return x * 2\nend\nf(21)\n", "42\n"},
		{"table over lines", "t = {\n  1,\n  2,\n}\n#t\n", "2\n"},
		{"expression over lines", "math.max(1,\n 5)\n", "5\n"},
		{"long string over lines", "s = [[a\nb]]\ns\n", "\"a\\nb\"\n"},
		{"string ending in a backslash", "s = 'a\\\nb'\ns\n", "\"a\\nb\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runREPLInput(t, tt.input)
			assert.Equal(t, 0, got.code, got.stderr)
			assert.Equal(t, tt.stdout, got.stdout)
			assert.NotContains(t, got.stderr, "stdin:")
		})
	}
}

func TestREPLErrorsPrintOneLineAndGoOn(t *testing.T) {
	tests := []struct {
		name  string
		input string
		err   string
	}{
		{"runtime error", "error('boom')\n", "stdin:1: boom\n"},
		{"index nil", "nothing.x\n", "stdin:1: attempt to index a non-table object(nil) " +
			"with key 'x'\n"},
		{"syntax error", "x = = 1\n", "stdin:1: syntax error near '='\n"},
		{"syntax error on a later line", "do\nx = = 1\n", "stdin:2: syntax error near '='\n"},
		{"unterminated string", "s = 'abc\n", "stdin:1: unterminated string near 'abc'\n"},
		{"error with a table", "error({})\n", "error object is a table value\n"},
		{"binding error", "servers.get()\n", "servers.get"},
		{"exit typed as elsewhere", "exit\n", "use os.exit() or Ctrl-D to leave\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runREPLInput(t, tt.input+"'still here'\n")
			assert.Equal(t, 0, got.code)
			assert.Contains(t, got.stderr, tt.err)
			assert.NotContains(t, got.stderr, "stack traceback")
			assert.NotContains(t, got.stderr, "goroutine")
			assert.Equal(t, "\"still here\"\n", got.stdout)
		})
	}
}

func TestREPLInputEndingInsideAChunk(t *testing.T) {
	got := runREPLInput(t, "function f()\n")

	assert.Equal(t, 0, got.code)
	assert.Contains(t, got.stderr, "the input ended inside an unfinished chunk; it was dropped\n")
}

func TestREPLPromptsGoToStderrWhenNotOnATerminal(t *testing.T) {
	got := runREPLInput(t, "do\nend\n")

	assert.Equal(t, "", got.stdout)
	assert.Equal(t, "sandbox>      ... sandbox> \n", got.stderr)
}

func TestREPLOSExit(t *testing.T) {
	tests := []struct {
		input string
		code  int
	}{
		{"os.exit()\n", 0},
		{"os.exit(true)\n", 0},
		{"os.exit(false)\n", 1},
		{"os.exit(3)\n", 3},
		{"pcall(os.exit, 4)\nprint('after')\n", 4},
		{"for i = 1, 3 do pcall(os.exit, 5) end print('after')\n", 5},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			got := runREPLInput(t, tt.input+"print('not reached')\n")
			assert.Equal(t, tt.code, got.code, got.stderr)
			assert.Equal(t, "", got.stdout)
		})
	}

	got := runREPLInput(t, "os.exit('x')\n1\n")
	assert.Equal(t, 0, got.code)
	assert.Contains(t, got.stderr, "os.exit: 'code' must be a boolean or a number, got string")
	assert.Equal(t, "1\n", got.stdout)
}

func TestREPLCutsOffLongOutput(t *testing.T) {
	got := runREPLInput(t, "t = {} for i = 1, 5000 do t[i] = i end\nt\n#_\n")

	assert.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "\n... (cut off after 200 lines or 32 KiB; "+
		"the whole value is in _)\n5000\n")
	assert.Less(t, len(got.stdout), 4000)
}
