package runtime

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTerminalREPL(t *testing.T) {
	term := startTerminal(t, nil)
	term.expect("help() lists the modules, Ctrl-D leaves.\nsandbox> ")

	term.send("1 + 1\r")
	term.expect("\n2\nsandbox> ")

	term.send("{b = 1, a = 'x'}, 7\r")
	term.expect("\n{\n  \"a\": \"x\",\n  \"b\": 1\n}\n7\nsandbox> ")

	term.send("function f(x)\r")
	term.expect("\n     ... ")
	term.send("return x * 2\r")
	term.expect("\n     ... ")
	term.send("end\r")
	term.expect("sandbox> ")
	term.send("f(21)\r")
	term.expect("\n42\nsandbox> ")

	term.send("error('boom')\r")
	term.expect("\nstdin:1: boom\nsandbox> ")

	// Ctrl-C while typing drops the line; had it stayed, "abc1" would fail.
	term.send("abc")
	term.expect("abc")
	term.send("\x03")
	term.expect("^C\nsandbox> ")
	term.send("1\r")
	term.expect("\n1\nsandbox> ")

	term.send("while true do end\r")
	time.Sleep(100 * time.Millisecond)
	term.send("\x03")
	term.expect("interrupted\nsandbox> ")

	term.send("\x04")
	assert.Equal(t, 0, term.wait())
}

func TestTerminalPromptNamesTheCloud(t *testing.T) {
	term := startTerminal(t, map[string]string{"OS_CLOUD": "mycloud"})
	term.expect("mycloud> ")

	term.send("os.exit(7)\r")
	assert.Equal(t, 7, term.wait())
}

func TestTerminalCompletion(t *testing.T) {
	term := startTerminal(t, nil)
	term.expect("sandbox> ")

	term.send("mytab = {alpha = 1, alpine = 2, beta = 3}\r")
	term.expect("sandbox> ")
	term.send("myt\t.al\t\t")
	term.expectMatch(`\nalpha +alpine *\n`)
	term.send("ine\r")
	term.expect("\n2\nsandbox> ")

	var offered []string
	for _, m := range modules() {
		for _, fn := range m.Functions {
			if m.Name == "servers" && strings.HasPrefix(fn.Name, "re") {
				offered = append(offered, fn.Name+"(")
			}
		}
	}
	if len(offered) < 2 {
		t.Skip("the servers module has fewer than two functions starting with re")
	}
	sort.Strings(offered)
	term.send("servers.re\t\t")
	term.expectMatch(`\n` + strings.Join(quoteAll(offered), ` +`) + ` *\n`)
	term.send("\x03\x04")
	assert.Equal(t, 0, term.wait())
}

func quoteAll(words []string) []string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = regexp.QuoteMeta(w)
	}
	return quoted
}

func TestTerminalHistoryIsKept(t *testing.T) {
	state := t.TempDir()
	env := map[string]string{"XDG_STATE_HOME": state}

	first := startTerminal(t, env)
	first.expect("sandbox> ")
	first.send("x = 12345\r")
	first.expect("sandbox> ")
	first.send(" secret = 'hunter2'\r")
	first.expect("sandbox> ")
	first.send("\x04")
	require.Equal(t, 0, first.wait())

	path := filepath.Join(state, "novalua", "history")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "x = 12345\n", string(data), "a line starting with a space is not kept")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	second := startTerminal(t, env)
	second.expect("sandbox> ")
	second.send("\x1b[A") // Up
	second.expect("x = 12345")
	second.send("\r")
	second.expect("sandbox> ")
	second.send("x\r")
	second.expect("\n12345\nsandbox> ")
	second.send("\x04")
	assert.Equal(t, 0, second.wait())
}

func TestTerminalCtrlCCancelsASlowCall(t *testing.T) {
	// Every request to the sandbox takes 3 seconds: were the request not
	// aborted, the prompt would come back after 3 seconds at the earliest.
	term := startTerminal(t, map[string]string{"NOVALUA_SANDBOX_LATENCY": "3s"})
	term.expect("sandbox> ")

	term.send("servers.list()\r")
	term.expect("using the sandbox cloud")
	time.Sleep(200 * time.Millisecond)
	term.send("\x03")
	term.expectWithin("interrupted\nsandbox> ", 2500*time.Millisecond)

	// The connection that Ctrl-C stopped is made again.
	term.send("type(servers.list())\r")
	term.expect("\n\"table\"\nsandbox> ")
	term.send("\x04")
	assert.Equal(t, 0, term.wait())
}

func TestTerminalCtrlCStopsAScript(t *testing.T) {
	term := startTerminal(t, map[string]string{"NOVALUA_SANDBOX_LATENCY": "60s"},
		"-e", "servers.list() print('not reached')")
	term.expect("using the sandbox cloud")
	time.Sleep(200 * time.Millisecond)

	term.send("\x03")
	term.expect("novalua: interrupted\n")
	assert.Equal(t, ExitInterrupted, term.wait())
	assert.NotContains(t, term.screen(), "not reached")
}

func TestTerminalScriptThenREPL(t *testing.T) {
	script := writeScript(t, "greeting = 'hello from ' .. arg[0]:match('[^/]*$')\n")
	term := startTerminal(t, nil, "-i", script)
	term.expect("sandbox> ")

	term.send("greeting\r")
	term.expect("\n\"hello from x.lua\"\nsandbox> ")
	term.send("\x04")
	assert.Equal(t, 0, term.wait())
}
