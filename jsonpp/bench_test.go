package jsonpp

import (
	"bytes"
	"io"
	"testing"

	"github.com/novalua/novalua/bench/jsonpp/novagen"
)

// benchInput is a compact Nova servers/detail document, as the API sends it.
func benchInput(b *testing.B) []byte {
	var buf bytes.Buffer
	if err := novagen.Write(&buf, 8<<20, 1); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkFormat(b *testing.B) {
	input := benchInput(b)
	var pretty bytes.Buffer
	if err := Format(bytes.NewReader(input), &pretty, Options{}); err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name  string
		input []byte
		opts  Options
	}{
		{"default", input, Options{}},
		{"compact", input, Options{Compact: true}},
		{"tab", input, Options{Tab: true}},
		{"color", input, Options{Color: true}},
		{"sort_keys", input, Options{SortKeys: true}},
		{"pretty_input", pretty.Bytes(), Options{}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.input)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Format(bytes.NewReader(tc.input), io.Discard, tc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
