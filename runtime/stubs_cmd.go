package runtime

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/novalua/novalua/bindings"
	"github.com/novalua/novalua/internal/apidoc"
)

func init() {
	commands["stubs"] = stubsCommand
}

const stubsUsage = "usage: novalua stubs [DIR]\n"

const stubsHelp = `novalua stubs writes DIR/novalua.lua (DIR defaults to the current directory):
definitions of novalua's Lua modules for lua-language-server, so that an editor
completes servers.cr... and flags a wrong argument. It describes every module
and function, their arguments, results and errors, and the tables they return
(Server, Image, Flavor, Limits, ApiError, ...), from the registry that help()
and docs/lua-api.md come from. DIR is made if it does not exist; an older
novalua.lua in it is replaced.

` + stubsUsage + `
Point lua-language-server at DIR, for example in .luarc.json:
  {"workspace.library": ["DIR"], "runtime.version": "Lua 5.1"}

options:
  -h, --help   show this help
`

// stubsCommand runs "novalua stubs [DIR]".
func stubsCommand(_ context.Context, io IO, args []string) int {
	dir := "."
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(io.Stdout, stubsHelp)
		return ExitOK
	case len(args) > 1:
		return stubsUsageError(io, "stubs takes one directory, got %d arguments", len(args))
	case len(args) == 1 && strings.HasPrefix(args[0], "-") && args[0] != "-":
		return stubsUsageError(io, "unknown option %s", args[0])
	case len(args) == 1:
		dir = args[0]
	}

	path, count, err := writeStubs(dir)
	if err != nil {
		return report(io, err)
	}
	fmt.Fprintf(io.Stdout, "wrote %s: %d functions in %d modules\n", path, count.functions,
		count.modules)
	return ExitOK
}

func stubsUsageError(io IO, format string, args ...any) int {
	fmt.Fprintf(io.Stderr, "novalua: %s\n%s", fmt.Sprintf(format, args...), stubsUsage)
	return ExitUsage
}

// stubsCount says how much a definition file describes.
type stubsCount struct{ modules, functions int }

// writeStubs writes the definitions into dir and returns the file's path.
func writeStubs(dir string) (string, stubsCount, error) {
	modules := bindings.Modules(&bindings.Env{})
	text, err := apidoc.Stubs(modules, bindings.Types())
	if err != nil {
		return "", stubsCount{}, fmt.Errorf("stubs: %w", err)
	}
	count := stubsCount{modules: len(modules)}
	for _, m := range modules {
		count.functions += len(m.Functions)
	}

	path := filepath.Join(dir, apidoc.StubsFile)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", count, fmt.Errorf("stubs: create %s: %w", dir, unwrapPathError(err))
	}
	if err := writeAtomically(path, text); err != nil {
		return "", count, fmt.Errorf("stubs: write %s: %w", path, err)
	}
	return path, count, nil
}

// writeAtomically replaces the file at path with data through a temporary
// file in the same directory, so that an editor never reads half of it.
func writeAtomically(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return unwrapPathError(err)
	}
	defer os.Remove(tmp.Name())

	_, err = tmp.Write(data)
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close())
	if err != nil {
		return unwrapPathError(err)
	}
	return unwrapPathError(os.Rename(tmp.Name(), path))
}
