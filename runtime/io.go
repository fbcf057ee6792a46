package runtime

import (
	"io"
)

// IO is everything the program touches outside itself. main builds it from
// the process; tests build it from buffers.
type IO struct {
	Args   []string // without the program name
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	StdinIsTerminal  bool
	StdoutIsTerminal bool
}

// Exit codes.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)
