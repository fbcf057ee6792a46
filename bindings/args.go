package bindings

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// argError raises "fn: message" as a Lua error at the caller's line.
func argError(L *lua.LState, fn, format string, args ...any) {
	message := clip(fmt.Sprintf(format, args...))
	L.Error(lua.LString(fmt.Sprintf("%s%s: %s", where(L), fn, message)), 0)
}

// checkRef returns argument n as an id or name: a string, or a number that is
// turned into one (the book's clouds use small integer ids).
func checkRef(L *lua.LState, n int, fn, name string) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		if v == "" {
			argError(L, fn, "'%s' must not be empty", name)
		}
		return string(v)
	case lua.LNumber:
		return v.String()
	case *lua.LTable:
		if id, ok := rawField(v, "id").(lua.LString); ok && id != "" {
			return string(id)
		}
	}
	argError(L, fn, "'%s' must be a string, got %s", name, typeName(L.Get(n)))
	return ""
}

// checkString returns argument n, which must be a string.
func checkString(L *lua.LState, n int, fn, name string) string {
	s, ok := L.Get(n).(lua.LString)
	if !ok {
		argError(L, fn, "'%s' must be a string, got %s", name, typeName(L.Get(n)))
	}
	return string(s)
}

// options reads a table of named arguments and rejects keys it does not know,
// so that a typo is an error and not a silently dropped setting.
type options struct {
	L     *lua.LState
	fn    string
	table *lua.LTable
}

// checkOptions returns argument n as options. A missing argument is an empty
// table unless required is true.
func checkOptions(L *lua.LState, n int, fn string, required bool, known ...string) *options {
	value := L.Get(n)
	table, ok := value.(*lua.LTable)
	if !ok {
		if value != lua.LNil || required {
			argError(L, fn, "argument #%d must be a table, got %s", n, typeName(value))
		}
		table = L.NewTable()
	}
	return tableOptions(L, fn, table, known...)
}

// tableOptions reads table as options that may hold only the known keys.
func tableOptions(L *lua.LState, fn string, table *lua.LTable, known ...string) *options {
	allowed := make(map[string]bool, len(known))
	for _, key := range known {
		allowed[key] = true
	}
	keys, bad := sortedKeys(table)
	if bad != nil {
		argError(L, fn, "option names must be strings, got %s", typeName(bad))
	}
	for _, key := range keys {
		if !allowed[key] {
			argError(L, fn, "unknown option '%s'", key)
		}
	}
	return &options{L: L, fn: fn, table: table}
}

func (o *options) has(key string) bool {
	return o.table.RawGetString(key) != lua.LNil
}

func (o *options) wrongType(key, want string, got lua.LValue) {
	argError(o.L, o.fn, "'%s' must be %s, got %s", key, want, typeName(got))
}

// String returns the string option key, or "" when it is absent and not required.
func (o *options) String(key string, required bool) string {
	value := o.table.RawGetString(key)
	if value == lua.LNil && !required {
		return ""
	}
	s, ok := value.(lua.LString)
	if !ok {
		o.wrongType(key, "a string", value)
	}
	return string(s)
}

// Ref returns an option that names an item by id, name or href; a table
// returned by another binding works too.
func (o *options) Ref(key string, required bool) string {
	switch v := o.table.RawGetString(key).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return v.String()
	case *lua.LTable:
		if id, ok := rawField(v, "id").(lua.LString); ok {
			return string(id)
		}
	case *lua.LNilType:
		if !required {
			return ""
		}
	}
	o.wrongType(key, "a string", o.table.RawGetString(key))
	return ""
}

// isTable reports whether option key is a table, such as a server or image
// that another binding returned.
func (o *options) isTable(key string) bool {
	_, ok := o.table.RawGetString(key).(*lua.LTable)
	return ok
}

// Bool returns the boolean option key, false when absent.
func (o *options) Bool(key string) bool {
	value := o.table.RawGetString(key)
	if value == lua.LNil {
		return false
	}
	b, ok := value.(lua.LBool)
	if !ok {
		o.wrongType(key, "a boolean", value)
	}
	return bool(b)
}

// Int returns the whole-number option key, or def when absent.
func (o *options) Int(key string, def int) int {
	value := o.table.RawGetString(key)
	if value == lua.LNil {
		return def
	}
	n, ok := value.(lua.LNumber)
	if !ok {
		o.wrongType(key, "a whole number", value)
	}
	switch f := float64(n); {
	case math.Abs(f) > maxWholeNumber && !math.IsNaN(f):
		argError(o.L, o.fn, "'%s' is too large: %s", key, n)
	case f != math.Trunc(f):
		argError(o.L, o.fn, "'%s' must be a whole number, got %s", key, n)
	}
	return int(n)
}

// maxWholeNumber bounds whole-number options: counts, limits and sizes.
const maxWholeNumber = 1 << 31

// Seconds returns the option key, a number of seconds, as a duration.
func (o *options) Seconds(key string, def time.Duration) time.Duration {
	value := o.table.RawGetString(key)
	if value == lua.LNil {
		return def
	}
	n, ok := value.(lua.LNumber)
	if !ok {
		o.wrongType(key, "a number of seconds", value)
	}
	if f := float64(n); math.IsNaN(f) || f < 0 || f > maxSeconds {
		argError(o.L, o.fn, "'%s' must be from 0 to %d seconds, got %s", key, maxSeconds, n)
	}
	return time.Duration(float64(n) * float64(time.Second))
}

// maxSeconds bounds timeouts and intervals: a week.
const maxSeconds = 7 * 24 * 3600

// StringMap returns a table of strings, such as metadata. Numbers are turned
// into strings; anything else is an error that names the key.
func (o *options) StringMap(key string) (map[string]string, bool) {
	value := o.table.RawGetString(key)
	if value == lua.LNil {
		return nil, false
	}
	table, ok := value.(*lua.LTable)
	if !ok {
		o.wrongType(key, "a table", value)
	}
	return checkStringMap(o.L, o.fn, key, table), true
}

// checkStringMap converts a table whose keys and values must be strings. It
// checks the keys in order, so that the same table always gets the same error.
func checkStringMap(L *lua.LState, fn, what string, table *lua.LTable) map[string]string {
	CompleteRow(table)
	var keys []lua.LValue
	table.ForEach(func(k, _ lua.LValue) { keys = append(keys, k) })
	slices.SortFunc(keys, func(a, b lua.LValue) int { return strings.Compare(a.String(), b.String()) })

	result := make(map[string]string, len(keys))
	for _, k := range keys {
		key, ok := stringish(k)
		if !ok {
			argError(L, fn, "%s keys must be strings, got %s", what, typeName(k))
		}
		v := table.RawGet(k)
		value, ok := stringish(v)
		if !ok {
			argError(L, fn, "%s value for '%s' must be a string, got %s", what, key, typeName(v))
		}
		result[key] = value
	}
	return result
}

// stringish accepts strings and numbers, the values Lua itself turns into
// strings.
func stringish(value lua.LValue) (string, bool) {
	switch v := value.(type) {
	case lua.LString:
		return string(v), true
	case lua.LNumber:
		if float64(v) == math.Trunc(float64(v)) && math.Abs(float64(v)) < 1e15 {
			return strconv.FormatInt(int64(v), 10), true
		}
		return v.String(), true
	}
	return "", false
}

// serverStatuses are the statuses the compute API gives servers, and DELETED,
// which waits mean as gone.
var serverStatuses = []string{"ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT",
	"MIGRATING", "PASSWORD", "PAUSED", "REBOOT", "REBUILD", "RESCUE", "RESIZE",
	"REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED",
	"SUSPENDED", "UNKNOWN", "VERIFY_RESIZE"}

// checkServerStatus returns argument n, a server status in any case, so that
// a typo is an error and not a wait until the timeout.
func checkServerStatus(L *lua.LState, n int, fn string) string {
	status := strings.ToUpper(checkString(L, n, fn, "status"))
	if !slices.Contains(serverStatuses, status) {
		argError(L, fn, "'status' %q is not a server status (%s)", status,
			strings.Join(serverStatuses, ", "))
	}
	return status
}
