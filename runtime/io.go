package runtime

import (
	"io"
	"os"
)

// IO is everything the program touches outside itself. ProcessIO builds it
// from the process; tests build it from buffers.
type IO struct {
	Args   []string // without the program name
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	StdinIsTerminal  bool
	StdoutIsTerminal bool

	// Interrupts delivers Ctrl-C; nil when nothing can interrupt.
	Interrupts <-chan os.Signal
}

// Exit codes.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)
