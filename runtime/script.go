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
	return callError(L, L.PCall(len(args), lua.MultRet, nil))
}

// syntaxError keeps only the message of a compile error.
func syntaxError(err error) error {
	var apiErr *lua.ApiError
	if errors.As(err, &apiErr) {
		return errors.New(firstLine(apiErr.Object.String()))
	}
	return errors.New(firstLine(err.Error()))
}

// callError turns the error of a failed call in L into one readable line,
// without the stack traceback. A value raised with a __tostring prints
// through it, as Lua's own interpreter does.
func callError(L *lua.LState, err error) error {
	if err == nil {
		return nil
	}
	var apiErr *lua.ApiError
	if !errors.As(err, &apiErr) {
		return err
	}
	if errors.Is(apiErr.Cause, context.Canceled) {
		return errInterrupted
	}
	return errors.New(describeValue(L, apiErr.Object))
}

var errInterrupted = errors.New("interrupted")

// describeValue says what a script raised. Its __tostring runs protected, so
// that a faulty one cannot take novalua down.
func describeValue(L *lua.LState, value lua.LValue) string {
	switch v := value.(type) {
	case lua.LString:
		return stripTraceback(string(v))
	case *lua.LNilType:
		return "error object is nil"
	case *lua.LTable:
		if L.GetMetaField(v, "__tostring") == lua.LNil {
			return "error object is a table value"
		}
	}
	toString := L.NewFunction(func(L *lua.LState) int {
		L.Push(L.ToStringMeta(L.Get(1)))
		return 1
	})
	if err := L.CallByParam(lua.P{Fn: toString, NRet: 1, Protect: true}, value); err != nil {
		return "error object cannot be printed: " + firstLine(err.Error())
	}
	text := L.Get(-1).String()
	L.Pop(1)
	return text
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
