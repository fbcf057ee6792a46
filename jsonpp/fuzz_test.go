package jsonpp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// FuzzFormat checks, for any input, that Format either fails in every layout or that
// each layout writes documents encoding/json accepts, with the same compact form as the
// documents encoding/json reads from the input.
func FuzzFormat(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	for _, input := range inputs {
		data, err := os.ReadFile(input)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range []string{
		`{"a":[1,2,{"b":null}],"c":"\u00e9"}`, `[01]`, `1x`, `"\ud800"`, "\"\xff\"", `{"a" 1}`,
		`[1e400, -0.0, 12345678901234567890]`, `{"b":1,"a":2,"b":3}`, "1 2\n\"3\"[4]{}", `[[[[]]]]`,
	} {
		f.Add([]byte(seed))
	}

	f.Fuzz(func(t *testing.T, input []byte) {
		var compact, pretty, sorted, colored bytes.Buffer
		errCompact := Format(bytes.NewReader(input), &compact, Options{Compact: true})
		errPretty := Format(bytes.NewReader(input), &pretty, Options{})
		errSorted := Format(bytes.NewReader(input), &sorted, Options{SortKeys: true, Tab: true})
		errColored := Format(bytes.NewReader(input), &colored, Options{Color: true})
		if errCompact != nil {
			for _, err := range []error{errPretty, errSorted, errColored} {
				if err == nil || err.Error() != errCompact.Error() {
					t.Fatalf("compact failed with %v but another layout gave %v", errCompact, err)
				}
			}
			var syntaxErr *SyntaxError
			if !errors.As(errCompact, &syntaxErr) {
				t.Fatalf("error is not a *SyntaxError: %v", errCompact)
			}
			return
		}
		if errPretty != nil || errSorted != nil || errColored != nil {
			t.Fatalf("compact succeeded but: %v / %v / %v", errPretty, errSorted, errColored)
		}

		want := compactDocuments(t, bytes.TrimPrefix(input, []byte("\xef\xbb\xbf")))
		got := bytes.SplitAfter(compact.Bytes(), []byte("\n"))
		got = got[:len(got)-1]
		if len(got) != len(want) {
			t.Fatalf("compact output has %d documents, encoding/json read %d", len(got), len(want))
		}
		for i := range got {
			if string(got[i]) != string(want[i])+"\n" {
				t.Fatalf("document %d: got %q, want %q", i, got[i], want[i])
			}
		}
		assertSameDocuments(t, "indented", compactDocuments(t, pretty.Bytes()), want)
		if n := len(compactDocuments(t, sorted.Bytes())); n != len(want) {
			t.Fatalf("sorted output has %d documents, want %d", n, len(want))
		}
		plain := ansi.ReplaceAll(colored.Bytes(), nil)
		if !bytes.Equal(plain, pretty.Bytes()) {
			t.Fatalf("coloured output without colour codes differs from plain output")
		}
	})
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// compactDocuments reads every document in data with encoding/json and compacts it.
func compactDocuments(t *testing.T, data []byte) [][]byte {
	t.Helper()
	var docs [][]byte
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			return docs
		}
		if err != nil {
			t.Fatalf("encoding/json rejects what Format accepted: %v", err)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, buf.Bytes())
	}
}

func assertSameDocuments(t *testing.T, layout string, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s output has %d documents, want %d", layout, len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("%s document %d: got %q, want %q", layout, i, got[i], want[i])
		}
	}
}
