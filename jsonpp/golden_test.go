package jsonpp

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/jsonpp")

const goldenDir = "../testdata/jsonpp"

// goldenOptions names each layout that has a golden file per input.
var goldenOptions = []struct {
	name string
	opts Options
}{
	{"default", Options{}},
	{"indent4", Options{Indent: 4}},
	{"tab", Options{Tab: true}},
	{"compact", Options{Compact: true}},
	{"sort", Options{SortKeys: true}},
	{"color", Options{Color: true}},
}

// TestGolden formats every input in testdata/jsonpp with each layout and compares the
// output with NAME.LAYOUT.out; run with -update to rewrite them after checking a change.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, inputs)

	for _, input := range inputs {
		data, err := os.ReadFile(input)
		require.NoError(t, err)
		base := strings.TrimSuffix(input, ".json")
		for _, layout := range goldenOptions {
			t.Run(filepath.Base(base)+"/"+layout.name, func(t *testing.T) {
				var out bytes.Buffer
				require.NoError(t, Format(bytes.NewReader(data), &out, layout.opts))

				golden := base + "." + layout.name + ".out"
				if *update {
					require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err)
				assert.Equal(t, string(want), out.String())
			})
		}
	}
}

// TestGoldenOneByteReads checks that output does not depend on how the input is split
// into reads, which exercises every refill path: strings, escapes, numbers, literals and
// multi-byte characters cut at the end of the window.
func TestGoldenOneByteReads(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	require.NoError(t, err)
	for _, input := range inputs {
		data, err := os.ReadFile(input)
		require.NoError(t, err)
		for _, layout := range goldenOptions {
			var whole, bytewise bytes.Buffer
			require.NoError(t, Format(bytes.NewReader(data), &whole, layout.opts))
			r := iotest.OneByteReader(bytes.NewReader(data))
			require.NoError(t, Format(r, &bytewise, layout.opts), input)
			assert.Equal(t, whole.String(), bytewise.String(), "%s %s", input, layout.name)
		}
	}
}
