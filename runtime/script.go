package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// loadChunk compiles source under name. A leading "#!" line is dropped so that
// scripts can be executable; the line stays counted so errors keep their lines.
func loadChunk(L *lua.LState, source []byte, name string) (*lua.LFunction, error) {
	if bytes.HasPrefix(source, []byte("#!")) {
		source = append([]byte("--"), source[2:]...)
	}
	return L.Load(bytes.NewReader(source), name)
}

// readScript reads a script file, or stdin for "-".
func readScript(path string, stdin io.Reader) ([]byte, string, error) {
	if path == "-" {
		source, err := io.ReadAll(stdin)
		return source, "stdin", err
	}
	source, err := os.ReadFile(path)
	if err != nil {
		return nil, path, fmt.Errorf("cannot open %s: %w", path, unwrapPathError(err))
	}
	return source, path, nil
}

func unwrapPathError(err error) error {
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}

// runChunk runs source in L with args as its varargs (...), and returns its
// error as one line.
func runChunk(L *lua.LState, source []byte, name string, args []string) error {
	fn, err := loadChunk(L, source, name)
	if err != nil {
		lines := bytes.Count(bytes.TrimRight(source, "\n"), []byte("\n")) + 1
		return errors.New(tidySyntax(syntaxError(err).Error(), lines))
	}
	L.Push(fn)
	for _, arg := range args {
		L.Push(lua.LString(arg))
	}
	return callError(L.PCall(len(args), lua.MultRet, nil))
}

// syntaxError keeps only the message of a compile error.
func syntaxError(err error) error {
	var apiErr *lua.ApiError
	if errors.As(err, &apiErr) {
		return errors.New(firstLine(apiErr.Object.String()))
	}
	return errors.New(firstLine(err.Error()))
}

// callError turns the error of a failed call into one readable line, without
// the stack traceback. An error raised with a table prints through its
// __tostring, as Lua's own interpreter does.
func callError(err error) error {
	if err == nil {
		return nil
	}
	var apiErr *lua.ApiError
	if !errors.As(err, &apiErr) {
		return err
	}
	if apiErr.Type == lua.ApiErrorRun && errors.Is(apiErr.Cause, context.Canceled) {
		return errInterrupted
	}
	if apiErr.Cause != nil && errors.Is(apiErr.Cause, context.Canceled) {
		return errInterrupted
	}
	return &luaError{value: apiErr.Object}
}

var errInterrupted = errors.New("interrupted")

// luaError is an error raised by a script.
type luaError struct {
	value lua.LValue
}

func (e *luaError) Error() string {
	switch v := e.value.(type) {
	case lua.LString:
		return stripTraceback(string(v))
	case *lua.LTable:
		if meta, ok := v.Metatable.(*lua.LTable); ok {
			if text, ok := meta.RawGetString("__tostring").(*lua.LFunction); ok && text != nil {
				return describeTable(v)
			}
		}
		return "error object is a table value"
	case *lua.LNilType:
		return "error object is nil"
	}
	return e.value.String()
}

// describeTable prints an error table through its "text" field, which novalua's
// API errors carry, or else calls for its __tostring in a fresh state.
func describeTable(t *lua.LTable) string {
	if text, ok := t.RawGetString("text").(lua.LString); ok {
		return string(text)
	}
	L := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer L.Close()
	return L.ToStringMeta(t).String()
}

func stripTraceback(message string) string {
	if i := strings.Index(message, "\nstack traceback:"); i >= 0 {
		message = message[:i]
	}
	return message
}

func firstLine(message string) string {
	message = stripTraceback(message)
	return strings.TrimSpace(message)
}
