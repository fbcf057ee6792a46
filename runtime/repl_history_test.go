package runtime

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistoryPath(t *testing.T) {
	tests := []struct {
		state, home string
		want        string
	}{
		{"/state", "/home/joe", "/state/novalua/history"},
		{"", "/home/joe", "/home/joe/.local/state/novalua/history"},
		{"relative/state", "/home/joe", "/home/joe/.local/state/novalua/history"},
		{"", "", ""},
	}
	for _, tt := range tests {
		getenv := func(name string) string {
			return map[string]string{"XDG_STATE_HOME": tt.state, "HOME": tt.home}[name]
		}
		assert.Equal(t, tt.want, historyPath(getenv))
	}
}

func TestHistoryIsPrivateAndKeptAcrossSessions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "novalua", "history")
	first := &history{path: path, stderr: os.Stderr}
	assert.Empty(t, first.load())
	first.add("x = 1")
	first.add("servers.list()")

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	dir, err := os.Stat(filepath.Dir(path))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dir.Mode().Perm())

	// A second session at the same time appends its lines too.
	second := &history{path: path, stderr: os.Stderr}
	assert.Equal(t, []string{"x = 1", "servers.list()"}, second.load())
	second.add("y = 2")
	first.add("z = 3")
	assert.Equal(t, []string{"x = 1", "servers.list()", "y = 2", "z = 3"},
		(&history{path: path}).load())
}

func TestHistoryKeeps(t *testing.T) {
	tests := []struct {
		line string
		kept bool
	}{
		{"servers.list()", true},
		{" password = 'hunter2'", false},
		{"\tx = 1", true},
		{"", false},
		{"   ", false},
		{strings.Repeat("x", historyLineMax+1), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.kept, keeps(tt.line), "%q", tt.line)
	}
}

func TestHistoryIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	var lines []string
	for i := range historyLimit + 10 {
		lines = append(lines, fmt.Sprintf("line %d", i))
	}
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600))

	h := &history{path: path, stderr: os.Stderr}
	loaded := h.load()
	assert.Equal(t, lines[10:], loaded, "the oldest lines go")
	assert.Equal(t, lines[10:], (&history{path: path}).load(), "the file is cut back")

	for i := range historyLimit + 1 {
		h.add(fmt.Sprintf("new %d", i))
	}
	final := (&history{path: path}).load()
	assert.Len(t, final, historyLimit)
	assert.Equal(t, fmt.Sprintf("new %d", historyLimit), final[len(final)-1])
}

func TestHistorySkipsLinesLinerCannotRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	data := "ok\n" + strings.Repeat("x", historyLineMax+1) + "\n\xff\xfe\n\nalso ok\r\n"
	require.NoError(t, os.WriteFile(path, []byte(data), 0o600))

	assert.Equal(t, []string{"ok", "also ok"}, (&history{path: path}).load())
}

func TestHistoryReportsAFailureOnce(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o600))
	var stderr bytes.Buffer
	h := &history{path: filepath.Join(blocker, "novalua", "history"), stderr: &stderr}

	h.add("a")
	h.add("b")

	assert.Equal(t, 1, strings.Count(stderr.String(), "novalua: history is not kept: "),
		stderr.String())
}
