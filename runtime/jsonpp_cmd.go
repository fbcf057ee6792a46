package runtime

import (
	"context"
	"os/signal"
	"syscall"

	"github.com/novalua/novalua/jsonpp"
)

func init() {
	commands["jsonpp"] = jsonppCommand
}

// jsonppCommand runs "novalua jsonpp". A closed pipe downstream (| head) must
// end it quietly, so SIGPIPE is ignored and the formatter sees EPIPE instead.
// Ctrl-C ends it at once, even while it waits for input.
func jsonppCommand(ctx context.Context, io IO, args []string) int {
	if io.Interrupts != nil {
		signal.Ignore(syscall.SIGPIPE)
	}

	done := make(chan int, 1)
	go func() {
		done <- jsonpp.Main(args, io.Stdin, io.Stdout, io.Stderr, io.StdoutIsTerminal, io.Getenv)
	}()
	select {
	case code := <-done:
		return code
	case <-ctx.Done():
		return report(io, errInterrupted)
	}
}
