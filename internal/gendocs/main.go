// Command gendocs writes docs/lua-api.md, the Lua API reference, from the
// registry in package bindings. Run it from the repository's root after
// changing a module:
//
//	go run ./internal/gendocs
package main

import (
	"fmt"
	"os"

	"github.com/novalua/novalua/bindings"
	"github.com/novalua/novalua/internal/apidoc"
)

// path is where the reference lives, from the repository's root.
const path = "docs/lua-api.md"

func main() {
	text, err := apidoc.Markdown(bindings.Modules(&bindings.Env{}), bindings.Types())
	if err == nil {
		err = writeFile(path, text)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gendocs: %v\n", err)
		os.Exit(1)
	}
}

// writeFile replaces the file at once, so that no reader sees half of it.
func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp("docs", ".lua-api-*.md")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
