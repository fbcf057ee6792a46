package runtime

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/bindings"
)

// TestEveryExampleRuns runs the example of every function in the registry,
// after the shared prelude, on a fresh sandbox, and checks that it prints
// what its "-->" lines say.
func TestEveryExampleRuns(t *testing.T) {
	for _, m := range modules() {
		for _, fn := range m.Functions {
			t.Run(m.Name+"."+fn.Name, func(t *testing.T) {
				t.Parallel()
				require.NotEmpty(t, fn.Example)
				code := bindings.ExamplePrelude + "\n" + fn.Example
				got := runInState(t, t.TempDir(), "-e", code)
				require.Equal(t, 0, got.code, "stdout:\n%s\nstderr:\n%s", got.stdout, got.stderr)
				assert.Regexp(t, `^novalua: no cloud configured, using the sandbox cloud `+
					`\(state in .+\)\n$`, got.stderr)

				want := expectedOutput(fn.Example)
				lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
				assert.True(t, matchOutput(want, lines),
					"the example printed:\n%s\nbut its --> lines say:\n%s",
					got.stdout, strings.Join(want, "\n"))
			})
		}
	}
}

// expectedOutput returns the text of an example's "--> " lines.
func expectedOutput(example string) []string {
	var want []string
	for _, line := range strings.Split(example, "\n") {
		if text, ok := strings.CutPrefix(line, "--> "); ok {
			want = append(want, text)
		}
	}
	return want
}

// matchOutput reports whether lines are what want describes, line by line:
// runs of blanks count as one space, "..." within a line stands for any
// text, and a line of only "..." for any number of lines.
func matchOutput(want, lines []string) bool {
	if len(want) == 0 {
		return len(lines) == 0
	}
	if want[0] == "..." {
		for skip := 0; skip <= len(lines); skip++ {
			if matchOutput(want[1:], lines[skip:]) {
				return true
			}
		}
		return false
	}
	return len(lines) > 0 && lineMatches(want[0], lines[0]) && matchOutput(want[1:], lines[1:])
}

func lineMatches(want, line string) bool {
	parts := strings.Split(strings.Join(strings.Fields(want), " "), "...")
	for i, part := range parts {
		parts[i] = regexp.QuoteMeta(part)
	}
	pattern := "^" + strings.Join(parts, ".*") + "$"
	return regexp.MustCompile(pattern).MatchString(strings.Join(strings.Fields(line), " "))
}

func TestMatchOutput(t *testing.T) {
	tests := []struct {
		want  []string
		lines []string
		match bool
	}{
		{[]string{"a b"}, []string{"a\tb"}, true},
		{[]string{"a b"}, []string{"a b", "c"}, false},
		{[]string{"a ...z"}, []string{"a xyz"}, true},
		{[]string{"a ...z"}, []string{"b xyz"}, false},
		{[]string{"{", "..."}, []string{"{", "1", "}"}, true},
		{[]string{"{", "...", "}"}, []string{"{", "}"}, true},
		{[]string{"{", "...", "}"}, []string{"{", "1"}, false},
		{[]string{"1.0 (x)"}, []string{"1x0 (x)"}, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.match, matchOutput(tt.want, tt.lines), "%q against %q",
			tt.want, tt.lines)
	}
}
