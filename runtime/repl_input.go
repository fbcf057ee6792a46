package runtime

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// replChunkName names what was typed at the prompt in error messages, as
// Lua's own REPL does: "stdin:1: attempt to call a nil value".
const replChunkName = "stdin"

var (
	// errLineAborted is Ctrl-C at the prompt: the line and any unfinished
	// chunk are dropped.
	errLineAborted = errors.New("line aborted")

	// errIncomplete is a chunk that more lines could finish.
	errIncomplete = errors.New("incomplete chunk")
)

// lineReader reads the lines typed at the prompt.
type lineReader interface {
	// Prompt shows prompt and returns the next line: io.EOF at the end,
	// after ending the prompt's line, and errLineAborted on Ctrl-C.
	Prompt(prompt string) (string, error)

	// Remember adds a line to the history.
	Remember(line string)

	// SetCompleter sets what Tab offers.
	SetCompleter(complete func(line string, pos int) (head string, items []string, tail string))

	Close() error
}

// read reads lines until they make a chunk that compiles. It returns a nil
// function when there is nothing to run: an empty line, or a syntax error
// that it has printed.
func (r *repl) read() (*lua.LFunction, error) {
	var lines []string
	for {
		prompt := r.prompt
		if len(lines) > 0 {
			prompt = r.more
		}
		line, err := r.lines.Prompt(prompt)
		if errors.Is(err, io.EOF) && len(lines) > 0 {
			fmt.Fprintln(r.stderr, "the input ended inside an unfinished chunk; "+
				"it was dropped")
			return nil, nil
		}
		if err != nil {
			return nil, err
		}

		r.lines.Remember(line)
		if len(lines) == 0 && strings.TrimSpace(line) == "" {
			return nil, nil
		}
		if len(lines) == 0 && r.leaveHint(line) {
			return nil, nil
		}

		lines = append(lines, line)
		fn, err := compileLine(r.L, strings.Join(lines, "\n"))
		if errors.Is(err, errIncomplete) {
			continue
		}
		if err != nil {
			fmt.Fprintln(r.stderr, err)
			return nil, nil
		}
		return fn, nil
	}
}

// leaveHint answers "exit" or "quit" typed as at other prompts, unless the
// user has a global of that name.
func (r *repl) leaveHint(line string) bool {
	word := strings.TrimSpace(line)
	if (word != "exit" && word != "quit") || r.L.GetGlobal(word) != lua.LNil {
		return false
	}
	fmt.Fprintln(r.stderr, "use os.exit() or Ctrl-D to leave")
	return true
}

// compileLine compiles what was typed: as an expression whose values the
// REPL prints if it is one, else as statements. A leading "=" stands for
// "return", as in Lua 5.1's REPL.
func compileLine(L *lua.LState, source string) (*lua.LFunction, error) {
	if rest, ok := strings.CutPrefix(source, "="); ok {
		source = "return " + rest
	}
	// The newline lets an unterminated short string fail at once, as it
	// cannot go on to the next line; a long string or comment still can.
	if fn, err := L.Load(strings.NewReader("return "+source+"\n"), replChunkName); err == nil {
		return fn, nil
	}
	fn, err := L.Load(strings.NewReader(source+"\n"), replChunkName)
	if err == nil {
		return fn, nil
	}

	message := syntaxError(err).Error()
	if strings.Contains(message, " at EOF:") {
		return nil, errIncomplete
	}
	return nil, errors.New(tidySyntax(message, strings.Count(source, "\n")+1))
}

var syntaxAtEOF = regexp.MustCompile(`^(.*) at EOF:\s+(.*)$`)

var syntaxPosition = regexp.MustCompile(`^(.*) line:(\d+)\(column:\d+\) near '(.*)':\s+(.*)$`)

// tidySyntax writes gopher-lua's "stdin line:1(column:5) near '=':   syntax
// error" the way other Lua errors read: "stdin:1: syntax error near '='".
// The line is at most lines, the number typed: an unterminated string is
// only found on the newline compileLine adds.
func tidySyntax(message string, lines int) string {
	if m := syntaxAtEOF.FindStringSubmatch(message); m != nil {
		return fmt.Sprintf("%s:%d: %s near <eof>", m[1], lines, m[2])
	}
	m := syntaxPosition.FindStringSubmatch(message)
	if m == nil {
		return message
	}
	line, _ := strconv.Atoi(m[2])
	return fmt.Sprintf("%s:%d: %s near '%s'", m[1], min(line, lines), m[4], m[3])
}

// plainReader reads lines without editing, when stdin or stdout is not a
// terminal. It writes prompts to stderr, so that stdout holds only results.
type plainReader struct {
	in     *bufio.Reader
	prompt io.Writer
}

func newPlainReader(stdin io.Reader, stderr io.Writer) *plainReader {
	return &plainReader{in: bufio.NewReader(stdin), prompt: stderr}
}

func (p *plainReader) Prompt(prompt string) (string, error) {
	io.WriteString(p.prompt, prompt)
	line, err := p.in.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		io.WriteString(p.prompt, "\n")
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (p *plainReader) Remember(string) {}

func (p *plainReader) SetCompleter(func(string, int) (string, []string, string)) {}

func (p *plainReader) Close() error { return nil }
