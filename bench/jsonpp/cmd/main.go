// Command cmd runs `novalua jsonpp` on its own, so that the benchmark does not depend on
// the rest of the novalua binary.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/novalua/novalua/jsonpp"
)

func main() {
	// A closed pipe downstream must surface as EPIPE, which jsonpp.Main ends quietly on.
	signal.Ignore(syscall.SIGPIPE)
	tty := term.IsTerminal(int(os.Stdout.Fd()))
	os.Exit(jsonpp.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, tty, os.Getenv))
}
