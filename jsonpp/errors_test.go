package jsonpp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syntaxErrorCases are bad inputs with where and what Format reports.
var syntaxErrorCases = []struct {
	name      string
	input     string
	line, col int
	msg       string
}{
	{"empty", "", 1, 1, "empty input"},
	{"only whitespace", "  \n\t ", 2, 3, "empty input"},
	{"only bom", "\xef\xbb\xbf", 1, 1, "empty input"},
	{"missing colon", "{\n  \"a\": 1,\n  \"b\" }", 3, 7,
		"invalid character '}' after object key"},
	{"missing value", `{"a":}`, 1, 6, "invalid character '}' looking for beginning of value"},
	{"trailing comma in object", `{"a":1,}`, 1, 8,
		"invalid character '}' looking for beginning of object key string"},
	{"trailing comma in array", "[1,\n2,\n]", 3, 1,
		"invalid character ']' looking for beginning of value"},
	{"unquoted key", `{a:1}`, 1, 2,
		"invalid character 'a' looking for beginning of object key string"},
	{"missing comma", `[1 2]`, 1, 4, "invalid character '2' after array element"},
	{"missing comma in object", `{"a":1 "b":2}`, 1, 8,
		"invalid character '\"' after object key:value pair"},
	{"mismatched bracket", `[1}`, 1, 3, "invalid character '}' after array element"},
	{"NaN", `NaN`, 1, 1, "invalid character 'N' looking for beginning of value"},
	{"NaN in array", `[1, NaN]`, 1, 5, "invalid character 'N' looking for beginning of value"},
	{"Infinity", `{"x": Infinity}`, 1, 7,
		"invalid character 'I' looking for beginning of value"},
	{"negative Infinity", `-Infinity`, 1, 2, "invalid character 'I' in numeric literal"},
	{"invalid UTF-8", "{\"a\": \"ok\xffno\"}", 1, 10, "invalid UTF-8 in string"},
	{"truncated UTF-8", "[\"\xe2\x82\"]", 1, 3, "invalid UTF-8 in string"},
	{"UTF-8 outside a string", "[1,\xc3\xa9]", 1, 4,
		"invalid character 'é' looking for beginning of value"},
	{"trailing garbage", "{\"a\":1} xyz", 1, 9,
		"invalid character 'x' looking for beginning of value"},
	{"garbage after number", "1x", 1, 2, "invalid character 'x' after top-level value"},
	{"garbage after literal", "truex", 1, 5, "invalid character 'x' after top-level value"},
	{"number with two points", "1.5.3", 1, 4, "invalid character '.' after top-level value"},
	{"unterminated string", "[\"abc", 1, 2, "unterminated string"},
	{"unterminated escape", `"abc\`, 1, 1, "unterminated string"},
	{"unterminated object", "{\"a\": 1", 1, 8, "unexpected end of JSON input"},
	{"unterminated array", "[1,\n[2", 2, 3, "unexpected end of JSON input"},
	{"newline in string", "\"a\nb\"", 1, 3, `invalid character '\n' in string literal`},
	{"tab in string", "\"a\tb\"", 1, 3, `invalid character '\t' in string literal`},
	{"NUL in string", "\"a\x00b\"", 1, 3, `invalid character '\x00' in string literal`},
	{"bad escape", `"a\x"`, 1, 4, "invalid character 'x' in string escape code"},
	{"bad unicode escape", `"\u12g4"`, 1, 6,
		`invalid character 'g' in \u hexadecimal character escape`},
	{"short unicode escape", `"\u12"`, 1, 6,
		`invalid character '"' in \u hexadecimal character escape`},
	{"leading zero", "01", 1, 2, "invalid character '1' after leading zero in numeric literal"},
	{"leading zero in array", "[-007]", 1, 4,
		"invalid character '0' after leading zero in numeric literal"},
	{"lone minus", "[-]", 1, 3, "invalid character ']' in numeric literal"},
	{"missing fraction", "[1.]", 1, 4,
		"invalid character ']' after decimal point in numeric literal"},
	{"missing exponent", "1e+", 1, 4, "unexpected end of JSON input"},
	{"bad exponent", "[1ex]", 1, 4, "invalid character 'x' in exponent of numeric literal"},
	{"plus sign", "+1", 1, 1, "invalid character '+' looking for beginning of value"},
	{"bad literal", "[tru]", 1, 5, "invalid character ']' in literal true (expecting 'e')"},
	{"short literal", "nul", 1, 4, "unexpected end of JSON input"},
	{"single quotes", "{'a':1}", 1, 2,
		`invalid character '\'' looking for beginning of object key string`},
	{"control character", "[\x01]", 1, 2,
		`invalid character '\x01' looking for beginning of value`},
	{"too deep", tooDeep, 1, MaxDepth + 1, "nesting deeper than 10000 levels"},
	{"error after crlf lines", "[\r\n1,\r\n}", 3, 1,
		"invalid character '}' looking for beginning of value"},
	{"column after bom", "\xef\xbb\xbf[}", 1, 2,
		"invalid character '}' looking for beginning of value"},
	{"second document", "{}\n[1,,2]", 2, 4,
		"invalid character ',' looking for beginning of value"},
}

// tooDeep nests one level more than MaxDepth.
var tooDeep = strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range syntaxErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, split := range []bool{false, true} {
				var r io.Reader = strings.NewReader(tc.input)
				if split {
					r = iotest.OneByteReader(r)
				}
				err := Format(r, io.Discard, Options{})

				var syntaxErr *SyntaxError
				require.ErrorAs(t, err, &syntaxErr, "split reads: %v", split)
				assert.Equal(t, tc.msg, syntaxErr.Msg)
				assert.Equal(t, tc.line, syntaxErr.Line, "line")
				assert.Equal(t, tc.col, syntaxErr.Column, "column")
				assert.Equal(t, fmt.Sprintf("%d:%d: %s", tc.line, tc.col, tc.msg), err.Error())
			}
		})
	}
}

func TestSyntaxErrorOffsetAndExcerpt(t *testing.T) {
	input := "[1,\n  2,\n  3 4]"
	err := Format(strings.NewReader(input), io.Discard, Options{})

	var syntaxErr *SyntaxError
	require.ErrorAs(t, err, &syntaxErr)
	assert.Equal(t, int64(strings.Index(input, "4")), syntaxErr.Offset)
	assert.Equal(t, "  3 4]", syntaxErr.Excerpt)
	assert.Equal(t, "  3 4]\n    ^", syntaxErr.Pointer())
}

func TestSyntaxErrorExcerptIsClipped(t *testing.T) {
	long := `["` + strings.Repeat("x", 300) + `", tru]`
	err := Format(strings.NewReader(long), io.Discard, Options{})

	var syntaxErr *SyntaxError
	require.ErrorAs(t, err, &syntaxErr)
	assert.Equal(t, len(long), syntaxErr.Column)
	assert.LessOrEqual(t, len(syntaxErr.Excerpt), 2*excerptRadius)
	assert.True(t, strings.HasSuffix(syntaxErr.Pointer(), strings.Repeat(" ", excerptRadius)+"^"),
		syntaxErr.Pointer())
}

// TestErrorDropsFailedDocument checks that the documents before an error are written
// and the small document that failed is not.
func TestErrorDropsFailedDocument(t *testing.T) {
	var out bytes.Buffer
	err := Format(strings.NewReader(`{"ok":1} {"bad":`), &out, Options{Compact: true})

	require.Error(t, err)
	assert.Equal(t, "{\"ok\":1}\n", out.String())
}

// TestLargeFailedDocumentIsCutAtTheError checks that a document too large to hold back
// is written up to the error and its last line ended.
func TestLargeFailedDocumentIsCutAtTheError(t *testing.T) {
	input := "[" + strings.Repeat(`"abcdefghij",`, 2*flushSize/13) + "}"
	var out bytes.Buffer
	err := Format(strings.NewReader(input), &out, Options{Compact: true})

	require.Error(t, err)
	assert.True(t, out.String() == input[:len(input)-1]+"\n", "output of %d bytes ends %q",
		out.Len(), out.String()[max(0, out.Len()-20):])
}

func TestInvalidOptions(t *testing.T) {
	for _, indent := range []int{-1, MaxIndent + 1} {
		err := Format(strings.NewReader("{}"), io.Discard, Options{Indent: indent})
		assert.EqualError(t, err, fmt.Sprintf("indent must be between 0 and 16, got %d", indent))
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("pipe gone") }

func TestReadAndWriteErrors(t *testing.T) {
	err := Format(failingReader{}, io.Discard, Options{})
	assert.EqualError(t, err, "read input: disk on fire")

	err = Format(io.MultiReader(strings.NewReader("[1,"), failingReader{}), io.Discard, Options{})
	assert.EqualError(t, err, "read input: disk on fire")

	err = Format(strings.NewReader("[1, 2]"), failingWriter{}, Options{})
	assert.EqualError(t, err, "write output: pipe gone")
}

// TestWriteErrorStopsReading checks that a failed write stops the work instead of
// reading the rest of a long input.
func TestWriteErrorStopsReading(t *testing.T) {
	src := &countingReader{r: strings.NewReader(strings.Repeat("[1,2,3]\n", 1<<20))}
	err := Format(src, failingWriter{}, Options{})

	require.Error(t, err)
	assert.Less(t, src.n, int64(4*readSize))
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
