package runtime

import (
	"context"
	"os"
	"os/signal"
	"sync"

	"golang.org/x/term"
)

// ProcessIO is the IO of this process: its arguments, standard streams and
// environment. It catches Ctrl-C, which then stops what is running instead
// of killing novalua: the script, or the call the REPL is waiting for.
func ProcessIO() IO {
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	return IO{
		Args:             os.Args[1:],
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StdinIsTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		StdoutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		Interrupts:       interrupts,
	}
}

// interrupter hands each Ctrl-C to what is running: it cancels the context
// of the innermost scope. Ctrl-C outside every scope is dropped; the REPL
// reads it as a key while it waits for a line.
type interrupter struct {
	mu     sync.Mutex
	cancel context.CancelCauseFunc
	done   chan struct{}
}

// watchInterrupts starts passing on the signals; nil signals means there are
// none, as in tests that run novalua in process.
func watchInterrupts(signals <-chan os.Signal) *interrupter {
	in := &interrupter{done: make(chan struct{})}
	if signals != nil {
		go in.watch(signals)
	}
	return in
}

func (in *interrupter) watch(signals <-chan os.Signal) {
	for {
		select {
		case <-signals:
			in.interrupt()
		case <-in.done:
			return
		}
	}
}

func (in *interrupter) interrupt() {
	in.mu.Lock()
	defer in.mu.Unlock()

	if in.cancel != nil {
		in.cancel(errInterrupted)
	}
}

// scope returns a context that Ctrl-C cancels, with errInterrupted as its
// cause, until release is called. release may be called more than once.
func (in *interrupter) scope(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)

	in.mu.Lock()
	outer := in.cancel
	in.cancel = cancel
	in.mu.Unlock()

	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			in.mu.Lock()
			in.cancel = outer
			in.mu.Unlock()
			cancel(nil)
		})
	}
}

// stop ends the watch.
func (in *interrupter) stop() {
	close(in.done)
}

// interruptedOr returns errInterrupted when Ctrl-C cancelled ctx, since the
// error of the call it stopped only says that a request was cancelled, and
// err otherwise.
func interruptedOr(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return errInterrupted
	}
	return err
}
