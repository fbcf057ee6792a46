package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// repl reads chunks of Lua at a prompt, runs them in the script's state and
// prints what expressions return.
type repl struct {
	ctx    context.Context // Ctrl-C never cancels it
	L      *lua.LState
	in     *interrupter
	lines  lineReader
	stdout io.Writer
	stderr io.Writer
	prompt string // "sandbox> "
	more   string // the prompt for a continuation line, as wide

	stopCall context.CancelFunc // cancels the chunk running now
	exit     *exitStatus        // set by os.exit
}

// runREPL runs the REPL on the terminal, or on plain lines when stdin or
// stdout is not one, until Ctrl-D or os.exit.
func runREPL(ctx context.Context, io IO, L *lua.LState, cloud string, in *interrupter) error {
	var lines lineReader = newPlainReader(io.Stdin, io.Stderr)
	if io.StdinIsTerminal && io.StdoutIsTerminal {
		terminal, err := newTerminalReader(historyPath(io.Getenv), io.Stdout, io.Stderr)
		if err != nil {
			return err
		}
		lines = terminal
		fmt.Fprintf(io.Stdout, "novalua on %s: help() lists the modules, Ctrl-D leaves.\n",
			cloud)
	}
	defer lines.Close()

	r := &repl{
		ctx: ctx, L: L, in: in, lines: lines,
		stdout: io.Stdout, stderr: io.Stderr,
		prompt: cloud + "> ",
		more:   fmt.Sprintf("%*s ", len(cloud)+1, "..."),
	}
	lines.SetCompleter(r.complete)
	r.replaceExit()
	L.SetContext(ctx) // the script's context is over
	return r.loop()
}

func (r *repl) loop() error {
	for {
		fn, err := r.read()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, errLineAborted):
			continue
		case err != nil:
			return err
		}
		if fn == nil {
			continue
		}

		r.run(fn)
		if r.exit != nil {
			return r.exit
		}
	}
}

// run calls fn with a context that Ctrl-C cancels, then prints its results
// or its error as one line.
func (r *repl) run(fn *lua.LFunction) {
	ctx, release := r.in.scope(r.ctx)
	ctx, r.stopCall = context.WithCancel(ctx)
	r.L.SetContext(ctx)
	base := r.L.GetTop()

	r.L.Push(fn)
	err := r.L.PCall(0, lua.MultRet, nil)
	interrupted := errors.Is(context.Cause(ctx), errInterrupted)
	release()
	r.stopCall()
	r.L.SetContext(r.ctx)

	values := make([]lua.LValue, 0, r.L.GetTop()-base)
	for i := base + 1; i <= r.L.GetTop(); i++ {
		values = append(values, r.L.Get(i))
	}
	r.L.SetTop(base)

	switch {
	case r.exit != nil:
		// Leaving: the error is os.exit's own.
	case interrupted:
		fmt.Fprintln(r.stderr, "interrupted")
	case err != nil:
		fmt.Fprintln(r.stderr, callError(r.L, err))
	default:
		r.show(values)
	}
}

// show prints the values an expression returned: on one line separated by
// tabs, as Lua's print does, unless one of them takes several lines. The
// first value is kept in the global _ for the next line to use.
func (r *repl) show(values []lua.LValue) {
	if len(values) == 0 {
		return
	}
	r.L.SetGlobal("_", values[0])

	texts := make([]string, len(values))
	multiline := false
	for i, v := range values {
		text, cut := pretty(r.L.G.Global, v)
		if cut {
			text += fmt.Sprintf("\n... (cut off after %d lines or %d KiB; the whole value "+
				"is in _)", prettyMaxLines, prettyMaxBytes>>10)
		}
		texts[i] = text
		multiline = multiline || strings.Contains(text, "\n")
	}
	separator := "\t"
	if multiline {
		separator = "\n"
	}
	fmt.Fprintln(r.stdout, strings.Join(texts, separator))
}

// replaceExit makes os.exit end the REPL the way Ctrl-D does, so that the
// terminal is put back and history kept, instead of leaving the process on
// the spot. It stops the chunk even from inside a pcall.
func (r *repl) replaceExit() {
	osTable, ok := r.L.GetGlobal("os").(*lua.LTable)
	if !ok {
		return
	}
	osTable.RawSetString("exit", r.L.NewFunction(func(L *lua.LState) int {
		code := exitCode(L)
		r.exit = &exitStatus{code: code}
		if r.stopCall != nil {
			r.stopCall()
		}
		L.RaiseError("os.exit")
		return 0
	}))
}
