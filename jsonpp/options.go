package jsonpp

import "fmt"

// DefaultIndent is the number of spaces per nesting level when Options.Indent is zero.
const DefaultIndent = 2

// MaxIndent is the widest indent Options.Indent accepts.
const MaxIndent = 16

// MaxDepth is the deepest nesting of arrays and objects that Format accepts.
const MaxDepth = 10000

// Options controls the layout of the output. The zero value gives two-space indentation.
type Options struct {
	// Indent is the number of spaces per nesting level; zero means DefaultIndent.
	Indent int

	// Tab indents with one tab per level instead of spaces; it overrides Indent.
	Tab bool

	// Compact writes each document on one line with no spaces; it overrides Indent and Tab.
	Compact bool

	// SortKeys orders the members of each object by key. Keys are compared as the bytes
	// they stand for after unescaping ("\u0061" sorts as "a"); members with equal keys keep
	// their input order. Each object is buffered until it ends.
	SortKeys bool

	// Color wraps tokens in ANSI colour codes with a jq-like palette.
	Color bool
}

func (o Options) validate() error {
	if o.Indent < 0 || o.Indent > MaxIndent {
		return fmt.Errorf("indent must be between 0 and %d, got %d", MaxIndent, o.Indent)
	}
	return nil
}

// indentUnit returns the byte repeated per level and how many times, or 0 when compact.
func (o Options) indentUnit() (byte, int) {
	switch {
	case o.Compact:
		return 0, 0
	case o.Tab:
		return '\t', 1
	case o.Indent == 0:
		return ' ', DefaultIndent
	default:
		return ' ', o.Indent
	}
}
