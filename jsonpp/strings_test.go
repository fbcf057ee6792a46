package jsonpp

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStringsAreCopiedExactly formats strings of every length up to past the quick path's
// limit, ending in each kind of byte the scanner treats differently, and strings that
// cross the end of the input window; compact output must equal the input.
func TestStringsAreCopiedExactly(t *testing.T) {
	tails := []string{"", "é", `\"`, `\u00e9`, "🚀", `\\`}
	var doc strings.Builder
	doc.WriteString("[")
	for n := 0; n <= quickMax+20; n++ {
		for _, tail := range tails {
			doc.WriteString(`"` + strings.Repeat("a", n) + tail + `",`)
		}
	}
	// Enough long strings to cross the window boundary at many alignments.
	for n := 0; doc.Len() < 3*readSize; n++ {
		doc.WriteString(`"` + strings.Repeat("b", 1000+n%17) + `é",`)
	}
	doc.WriteString(`"end"]`)
	input := doc.String()

	var out bytes.Buffer
	require.NoError(t, Format(strings.NewReader(input), &out, Options{Compact: true}))
	require.True(t, out.String() == input+"\n", "compact output differs from the input")
}
