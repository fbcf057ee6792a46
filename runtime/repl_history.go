package runtime

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// historyLimit is how many lines the history file keeps. It may grow to
// twice that in a long session before it is cut back.
const historyLimit = 1000

// historyLineMax is the longest line kept; liner cannot read longer ones.
const historyLineMax = 4000

// historyPath is $XDG_STATE_HOME/novalua/history, with XDG's default of
// ~/.local/state; "" when there is no home to keep it in.
func historyPath(getenv func(string) string) string {
	state := getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(state) {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		state = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(state, "novalua", "history")
}

// history keeps the lines typed at the prompt in a file that only its owner
// can read, since lines may hold passwords. Each line is appended as it is
// typed, so that two sessions at once both keep theirs.
type history struct {
	path   string
	lines  int // in the file
	stderr io.Writer
	broken bool // a write failed and was reported; stop trying
}

// load returns the lines in the file, oldest first, cutting the file back to
// historyLimit lines when it has grown past that.
func (h *history) load() []string {
	if h.path == "" {
		return nil
	}
	data, err := os.ReadFile(h.path)
	if err != nil {
		if !os.IsNotExist(err) {
			h.fail(err)
		}
		return nil
	}

	lines := historyLines(data)
	h.lines = len(lines)
	if len(lines) > historyLimit {
		lines = lines[len(lines)-historyLimit:]
		h.rewrite(lines)
	}
	return lines
}

// historyLines splits the file into lines, skipping those liner cannot
// take.
func historyLines(data []byte) []string {
	var lines []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line != "" && len(line) <= historyLineMax && utf8.ValidString(line) {
			lines = append(lines, line)
		}
	}
	return lines
}

// keeps reports whether line goes into the history: a line starting with a
// space stays out, as in shells, to keep a secret out of the file.
func keeps(line string) bool {
	return strings.TrimSpace(line) != "" && !strings.HasPrefix(line, " ") &&
		len(line) <= historyLineMax
}

// add appends line to the file.
func (h *history) add(line string) {
	if h.path == "" || h.broken {
		return
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		h.fail(err)
		return
	}
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		h.fail(err)
		return
	}
	_, err = io.WriteString(f, line+"\n")
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		h.fail(err)
		return
	}

	h.lines++
	if h.lines > 2*historyLimit {
		h.load()
	}
}

// rewrite replaces the file with lines, atomically.
func (h *history) rewrite(lines []string) {
	tmp, err := os.CreateTemp(filepath.Dir(h.path), ".history-*")
	if err != nil {
		h.fail(err)
		return
	}
	defer os.Remove(tmp.Name())

	_, err = io.WriteString(tmp, strings.Join(lines, "\n")+"\n")
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), h.path)
	}
	if err != nil {
		h.fail(err)
		return
	}
	h.lines = len(lines)
}

func (h *history) fail(err error) {
	if !h.broken {
		fmt.Fprintf(h.stderr, "novalua: history is not kept: %v\n", err)
	}
	h.broken = true
}
