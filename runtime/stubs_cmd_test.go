package runtime

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/bindings"
	"github.com/novalua/novalua/internal/apidoc"
)

func TestStubsWritesTheDefinitions(t *testing.T) {
	want, err := apidoc.Stubs(bindings.Modules(&bindings.Env{}), bindings.Types())
	require.NoError(t, err)
	functions := 0
	for _, m := range modules() {
		functions += len(m.Functions)
	}

	dir := filepath.Join(t.TempDir(), "new", "dir")
	got := runCLI(t, "", nil, "stubs", dir)
	require.Equal(t, 0, got.code, got.stderr)
	path := filepath.Join(dir, "novalua.lua")
	assert.Regexp(t, `^wrote `+regexp.QuoteMeta(path)+`: \d+ functions in \d+ modules\n$`,
		got.stdout)
	assert.Contains(t, got.stdout, fmt.Sprintf(": %d functions in %d modules\n", functions,
		len(modules())))
	assert.Empty(t, got.stderr)

	written, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(written))

	// A second run replaces the file and leaves nothing else behind.
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	got = runCLI(t, "", nil, "stubs", dir)
	require.Equal(t, 0, got.code, got.stderr)
	written, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(written))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)
}

// TestStubsDefaultsToTheCurrentDirectory changes the directory of the
// whole test binary, so it cannot run in parallel with other tests.
func TestStubsDefaultsToTheCurrentDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	got := runCLI(t, "", nil, "stubs")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Regexp(t, `^wrote novalua\.lua: `, got.stdout)
	_, err := os.Stat(filepath.Join(dir, "novalua.lua"))
	assert.NoError(t, err)
}

func TestStubsErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"two directories", []string{"a", "b"}, 2, "novalua: stubs takes one directory, " +
			"got 2 arguments\nusage: novalua stubs [DIR]\n"},
		{"unknown option", []string{"--out"}, 2, "novalua: unknown option --out\n" +
			"usage: novalua stubs [DIR]\n"},
		{"not a directory", []string{file}, 1,
			"novalua: stubs: create " + file + ": not a directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, "", nil, append([]string{"stubs"}, tt.args...)...)
			assert.Equal(t, tt.code, got.code)
			assert.Equal(t, tt.stderr, got.stderr)
			assert.Empty(t, got.stdout)
		})
	}
}
