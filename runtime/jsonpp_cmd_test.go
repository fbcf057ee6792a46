package runtime

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJSONPPCommand(t *testing.T) {
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"formats stdin", `{"a":[1,2.0]}`, nil, 0, "{\n  \"a\": [\n    1,\n    2.0\n  ]\n}\n", ""},
		{"compact", "{ \"a\" : 1 }", []string{"--compact"}, 0, "{\"a\":1}\n", ""},
		{"bad input", "{\"a\" 1}", nil, 1, "", "jsonpp: <stdin>:1:6: "},
		{"bad usage", "", []string{"--indent"}, 2, "", "jsonpp: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, nil, append([]string{"jsonpp"}, tt.args...)...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			assert.Equal(t, tt.stdout, got.stdout)
			assert.Contains(t, got.stderr, tt.stderr)
		})
	}
}
