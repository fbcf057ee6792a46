package runtime

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runProcessInState runs novalua as a process of its own, as main.go does,
// against the sandbox state in dir, with stdin as its standard input: Lua's
// io.read reads the process's stdin, which an in-process run cannot give it.
func runProcessInState(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{runAsMain + "=1", "HOME=" + home, "XDG_STATE_HOME=" + home + "/state",
		"XDG_CACHE_HOME=" + home + "/cache", "NOVALUA_SANDBOX_STATE=" + dir,
		"NOVALUA_SANDBOX_BUILD_TIME=50ms"}
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestPrettyPrintScriptRejectsWhatIsNotJSON(t *testing.T) {
	script := "../scripts/pretty_print_json.lua"
	tests := []struct {
		stdin  string
		args   []string
		stderr string
	}{
		{"{\"a\":\n  1,}", nil, "novalua: ../scripts/pretty_print_json.lua:20: jsonpp.print: " +
			"2:5: "},
		{" \n", nil, "novalua: no JSON to print: pipe some in, as in: curl -s URL | " +
			"novalua ../scripts/pretty_print_json.lua\n"},
		{"{}", []string{"nope.json"}, "novalua: open nope.json: no such file or " +
			"directory\n"},
	}
	for _, tt := range tests {
		got := runProcessInState(t, t.TempDir(), tt.stdin, append([]string{script},
			tt.args...)...)
		assert.Equal(t, 1, got.code)
		assert.Empty(t, got.stdout)
		assert.True(t, strings.HasPrefix(got.stderr, tt.stderr), "stderr: %q", got.stderr)
	}
}
