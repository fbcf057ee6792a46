package bindings

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNumbersOutOfRangeAreNamed checks that NaN, infinities and huge numbers
// are refused with the value the script gave, before anything is sent.
func TestNumbersOutOfRangeAreNamed(t *testing.T) {
	cloud := &slowCloud{}
	L := newTestState(t, cloud)
	tests := []struct{ code, want string }{
		{`servers.wait("x", "ACTIVE", {timeout = 0/0})`,
			"servers.wait: 'timeout' must be from 0 to 604800 seconds, got NaN"},
		{`servers.wait("x", "ACTIVE", {timeout = 1/0})`,
			"servers.wait: 'timeout' must be from 0 to 604800 seconds, got +Inf"},
		{`servers.wait("x", "ACTIVE", {interval = -1})`,
			"servers.wait: 'interval' must be from 0 to 604800 seconds, got -1"},
		{`servers.list{limit = 1e308}`, "servers.list: 'limit' is too large: 1e+308"},
		{`servers.list{limit = 2.5}`, "servers.list: 'limit' must be a whole number, got 2.5"},
		{`parallel.map({}, print, {workers = 0/0})`,
			"parallel.map: 'workers' must be a whole number, got NaN"},
	}
	for _, tt := range tests {
		err := L.DoString(tt.code)
		require.Error(t, err, tt.code)
		assert.Contains(t, err.Error(), tt.want, tt.code)
	}
	assert.Zero(t, cloud.requests)
}

func TestJSONModuleNamesItsFunctions(t *testing.T) {
	L := newTestState(t, &slowCloud{})
	for code, want := range map[string]string{
		`json.encode()`:   "json.encode: 'value' is missing",
		`json.decode({})`: "json.decode: 'text' must be a string, got table",
	} {
		err := L.DoString(code)
		require.Error(t, err, code)
		assert.Contains(t, err.Error(), want)
	}
	require.NoError(t, L.DoString(`local t = {}; t.t = t; _, message = json.encode(t)`))
	assert.Equal(t, "json.encode: cannot encode recursively nested tables to JSON",
		L.GetGlobal("message").String())
}

func TestLongValuesAreClippedInErrors(t *testing.T) {
	L := newTestState(t, &slowCloud{})
	err := L.DoString(`servers.create{name = "a", image = "i", flavor = "f",
		networks = string.rep("n", 100000)}`)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 2*maxErrorText)
	assert.Contains(t, err.Error(), "bytes) ...")
}

func TestWaitRefusesAStatusNovaDoesNotHave(t *testing.T) {
	cloud := &slowCloud{}
	L := newTestState(t, cloud)
	for _, code := range []string{`servers.wait("x", "ACTIV")`,
		`servers.wait_all({"x"}, "RUNNING")`} {
		err := L.DoString(code)
		require.Error(t, err, code)
		assert.Contains(t, err.Error(), "is not a server status (ACTIVE, BUILD, DELETED", code)
	}
	assert.Zero(t, cloud.requests)
}

// TestMetadataErrorsNameTheFirstBadKey checks that a table with several bad
// values always gets the same error, the first key in order.
func TestMetadataErrorsNameTheFirstBadKey(t *testing.T) {
	cloud := &slowCloud{}
	L := newTestState(t, cloud)
	for range 20 {
		err := L.DoString(`meta.set({server = "x"}, {d = {}, b = true, c = print, a = "ok"})`)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "meta.set: metadata value for 'b' must be a string, got boolean")
	}
	assert.Zero(t, cloud.requests)
}
