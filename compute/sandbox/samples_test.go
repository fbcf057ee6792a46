package sandbox

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// sample is one exchange recorded against a real Nova (Zed) by realstack's smoke.sh.
type sample struct {
	Request struct {
		Method string          `json:"method"`
		URL    string          `json:"url"`
		Body   json.RawMessage `json:"body"`
		Header map[string]any  `json:"headers"`
	} `json:"request"`
	Response struct {
		Status int            `json:"status"`
		Header map[string]any `json:"headers"`
		Body   any            `json:"body"`
	} `json:"response"`
}

// requestBody returns the recorded request body as sent: a JSON document, or the raw
// text when the recorded request was not valid JSON; "" when there was none.
func (s sample) requestBody() string {
	var text string
	if json.Unmarshal(s.Request.Body, &text) == nil {
		return text
	}
	if string(s.Request.Body) == "null" {
		return ""
	}
	return string(s.Request.Body)
}

// loadSample reads testdata/realstack/<prefix>-*.json.
func loadSample(t *testing.T, prefix string) sample {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join("testdata", "realstack", prefix+"-*.json"))
	require.NoError(t, err)
	require.Len(t, matches, 1, "sample %s", prefix)
	raw, err := os.ReadFile(matches[0])
	require.NoError(t, err)
	var s sample
	require.NoError(t, json.Unmarshal(raw, &s))
	return s
}

// shape describes a JSON value by its structure: object keys with the shapes of their
// values, the shape of an array's first element, and the type of scalars.
func shape(v any, ignore map[string]bool, at string) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			p := at + "." + k
			if ignore[p] {
				parts = append(parts, k+":*")
				continue
			}
			parts = append(parts, k+":"+shape(x[k], ignore, p))
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		if len(x) == 0 {
			return "[]"
		}
		return "[" + shape(x[0], ignore, at+"[]") + "]"
	case nil:
		return "null"
	default:
		return fmt.Sprintf("%T", x)
	}
}

// requireSameShape fails unless got has the structure of the sample's response body,
// apart from the ignored paths (".server.addresses" style).
func requireSameShape(t *testing.T, want, got any, ignore ...string) {
	t.Helper()
	ign := map[string]bool{}
	for _, p := range ignore {
		ign[p] = true
	}
	require.Equal(t, shape(want, ign, ""), shape(got, ign, ""))
}
