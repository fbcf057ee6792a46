// Command novalua runs Lua scripts against an OpenStack Compute cloud, opens a
// REPL for exploring one, and pretty-prints JSON.
package main

import (
	"context"
	"os"
	"os/signal"

	"golang.org/x/term"

	"github.com/novalua/novalua/runtime"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := runtime.Main(ctx, runtime.IO{
		Args:             os.Args[1:],
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StdinIsTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		StdoutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
	})
	stop()
	os.Exit(code)
}
