package jsonpp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Usage is the synopsis of the jsonpp command.
const Usage = "usage: novalua jsonpp [--indent N | --tab | --compact] [--sort-keys] " +
	"[--color auto|always|never] [--help] [FILE...]"

const help = Usage + `

Pretty-print JSON exactly: keys keep their order, numbers and strings are copied as
written, only whitespace changes. Reads each FILE in turn, or standard input when there
is none or FILE is -. Several documents in one input are formatted one after another.

  --indent N     indent N spaces per level (0 to 16, default 2; 0 means --compact)
  --tab          indent with tabs
  --compact      one line per document, no spaces
  --sort-keys    order object members by key
  --color WHEN   colour the output: auto (on a terminal unless NO_COLOR is set),
                 always or never (default auto)
  --help         show this help

Exit status: 0 when every document was valid, 1 when an input could not be read or
was not JSON, 2 for bad usage.
`

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// command is a parsed command line.
type command struct {
	opts  Options
	color string
	help  bool
	files []string
}

// Main runs `novalua jsonpp` with args (the words after "jsonpp") and returns the exit
// status: 0 when every document was valid, 1 when an input could not be read or was not
// JSON, 2 for bad usage. Errors go to stderr as "jsonpp: FILE:LINE:COL: msg". When stdout
// is a closed pipe (EPIPE) it stops quietly and returns 0, as a pager or `head` that has
// seen enough is not an error; the caller should ignore SIGPIPE so that such writes
// return EPIPE instead of ending the process.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, stdoutIsTerminal bool,
	getenv func(string) string) int {
	cmd, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "jsonpp: %v\n%s\n", err, Usage)
		return 2
	}
	if cmd.help {
		fmt.Fprint(stdout, help)
		return 0
	}
	cmd.opts.Color = cmd.color == "always" ||
		cmd.color == "auto" && stdoutIsTerminal && getenv("NO_COLOR") == ""

	out := &outputWriter{w: stdout}
	status := 0
	for _, name := range cmd.files {
		err := formatFile(name, stdin, out, cmd.opts)
		switch {
		case errors.Is(out.err, syscall.EPIPE):
			return status
		case out.err != nil:
			fmt.Fprintf(stderr, "jsonpp: write output: %v\n", out.err)
			return 1
		case err != nil:
			report(stderr, name, err)
			status = 1
		}
	}
	return status
}

// outputWriter remembers the first failed write, after which there is no point going on.
type outputWriter struct {
	w   io.Writer
	err error
}

func (o *outputWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	o.err = err
	return n, err
}

// formatFile formats one named input; "-" is stdin.
func formatFile(name string, stdin io.Reader, stdout io.Writer, opts Options) error {
	if name == "-" {
		return Format(stdin, stdout, opts)
	}
	file, err := os.Open(name)
	if err != nil {
		return err
	}
	defer file.Close()
	return Format(file, stdout, opts)
}

// report writes one input's error to stderr, with the offending line for syntax errors.
func report(stderr io.Writer, name string, err error) {
	if name == "-" {
		name = "<stdin>"
	}
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		fmt.Fprintf(stderr, "jsonpp: %s: %v\n", name, pathErr.Err)
		return
	}
	var syntaxErr *SyntaxError
	if !errors.As(err, &syntaxErr) {
		fmt.Fprintf(stderr, "jsonpp: %s: %v\n", name, err)
		return
	}
	fmt.Fprintf(stderr, "jsonpp: %s:%v\n", name, err)
	if syntaxErr.Excerpt != "" {
		pointer := strings.ReplaceAll(syntaxErr.Pointer(), "\n", "\n    ")
		fmt.Fprintf(stderr, "    %s (byte %d)\n", pointer, syntaxErr.Offset)
	}
}

// parseArgs parses the command line; options and files may come in any order and "--"
// ends the options.
func parseArgs(args []string) (*command, error) {
	cmd := &command{color: "auto"}
	layouts := 0
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			cmd.files = append(cmd.files, args[i+1:]...)
			break
		}
		if arg == "-" || !strings.HasPrefix(arg, "-") {
			cmd.files = append(cmd.files, arg)
			continue
		}

		name, value, hasValue := strings.Cut(arg, "=")
		needsValue := name == "--indent" || name == "--color"
		if needsValue && !hasValue {
			if i+1 == len(args) {
				return nil, &usageError{name + " needs a value"}
			}
			i++
			value = args[i]
		} else if !needsValue && hasValue {
			return nil, &usageError{name + " takes no value"}
		}
		if err := cmd.set(name, value, &layouts); err != nil {
			return nil, err
		}
	}

	if layouts > 1 {
		return nil, &usageError{"--indent, --tab and --compact cannot be combined"}
	}
	if len(cmd.files) == 0 {
		cmd.files = []string{"-"}
	}
	return cmd, nil
}

// set applies one option; layouts counts the layout options seen.
func (cmd *command) set(name, value string, layouts *int) error {
	switch name {
	case "--indent":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > MaxIndent {
			return &usageError{fmt.Sprintf("--indent must be a number from 0 to %d, got %q",
				MaxIndent, value)}
		}
		cmd.opts.Indent = n
		cmd.opts.Compact = n == 0
		*layouts++
	case "--tab":
		cmd.opts.Tab = true
		*layouts++
	case "--compact":
		cmd.opts.Compact = true
		*layouts++
	case "--sort-keys":
		cmd.opts.SortKeys = true
	case "--color", "--colour":
		if value != "auto" && value != "always" && value != "never" {
			return &usageError{fmt.Sprintf("--color must be auto, always or never, got %q", value)}
		}
		cmd.color = value
	case "--help", "-h":
		cmd.help = true
	default:
		return &usageError{"unknown option " + name}
	}
	return nil
}
