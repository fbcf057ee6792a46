package runtime

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/peterh/liner"
)

// terminalReader reads lines on the terminal with liner: editing, history
// and Tab completion. Between prompts it puts the terminal back as it found
// it, so that what a chunk prints or reads behaves as in a script and Ctrl-C
// reaches novalua as a signal.
type terminalReader struct {
	state   *liner.State
	cooked  liner.ModeApplier // the terminal as novalua found it
	raw     liner.ModeApplier // as liner wants it while it reads
	history *history
	out     io.Writer // the terminal, where liner writes too
	last    string    // the line remembered last, which is not kept twice
}

func newTerminalReader(historyFile string, stdout, stderr io.Writer) (*terminalReader, error) {
	cooked, err := liner.TerminalMode()
	if err != nil {
		return nil, fmt.Errorf("open the prompt: %w", err)
	}
	state := liner.NewLiner()
	raw, err := liner.TerminalMode()
	if err != nil {
		state.Close()
		return nil, fmt.Errorf("open the prompt: %w", err)
	}
	state.SetCtrlCAborts(true)
	state.SetTabCompletionStyle(liner.TabPrints)
	state.SetMultiLineMode(true)

	t := &terminalReader{state: state, cooked: cooked, raw: raw, out: stdout,
		history: &history{path: historyFile, stderr: stderr}}
	if lines := t.history.load(); len(lines) > 0 {
		state.ReadHistory(strings.NewReader(strings.Join(lines, "\n") + "\n"))
	}
	cooked.ApplyMode()
	return t, nil
}

func (t *terminalReader) Prompt(prompt string) (string, error) {
	t.raw.ApplyMode()
	line, err := t.state.Prompt(prompt)
	t.cooked.ApplyMode()

	switch {
	case errors.Is(err, liner.ErrPromptAborted):
		return "", errLineAborted
	case errors.Is(err, io.EOF):
		fmt.Fprintln(t.out)
	}
	return line, err
}

func (t *terminalReader) Remember(line string) {
	if !keeps(line) || line == t.last {
		return
	}
	t.last = line
	t.state.AppendHistory(line)
	t.history.add(line)
}

func (t *terminalReader) SetCompleter(complete func(string, int) (string, []string, string)) {
	t.state.SetWordCompleter(complete)
}

func (t *terminalReader) Close() error {
	return t.state.Close()
}
