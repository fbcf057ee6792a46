package sandbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// fields is a request object whose members are validated one by one, with Nova's
// messages ("Invalid input for field/attribute name. Value: ...").
type fields struct {
	raw   map[string]json.RawMessage
	order []string
}

// decodeFields splits a JSON object into its members, keeping their order.
func decodeFields(obj json.RawMessage, what string) (*fields, error) {
	f := &fields{raw: map[string]json.RawMessage{}}
	if err := json.Unmarshal(obj, &f.raw); err != nil {
		return nil, badRequest("Malformed request body")
	}
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.Token()
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, badRequest("Malformed request body")
		}
		f.order = append(f.order, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, badRequest("Malformed request body")
		}
	}
	return f, nil
}

// invalid is Nova's schema error for one field.
func invalid(field string, raw json.RawMessage, why string) *apiError {
	return badRequest(fmt.Sprintf("Invalid input for field/attribute %s. Value: %s. %s",
		field, pyValue(raw), why))
}

// pyValue is how the "Value:" part of a schema error shows a value: strings bare.
func pyValue(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return pyRepr(raw)
}

func notType(raw json.RawMessage, types string) string {
	return pyRepr(raw) + " is not of type " + types
}

// str decodes a string member; present is false when it is absent.
func (f *fields) str(key string) (s string, present bool, err error) {
	raw, ok := f.raw[key]
	if !ok {
		return "", false, nil
	}
	if json.Unmarshal(raw, &s) != nil || raw[0] != '"' {
		return "", true, invalid(key, raw, notType(raw, "'string'"))
	}
	return s, true, nil
}

// optString decodes an optional string of minLen to maxLen characters (maxLen < 0: any).
func (f *fields) optString(key string, minLen, maxLen int) (string, error) {
	s, present, err := f.str(key)
	if err != nil || !present {
		return "", err
	}
	n := utf8.RuneCountInString(s)
	if n < minLen {
		return "", invalid(key, f.raw[key], pyString(s)+" is too short")
	}
	if maxLen >= 0 && n > maxLen {
		return "", invalid(key, f.raw[key], pyString(s)+" is too long")
	}
	return s, nil
}

// name decodes a server name: 1 to 255 characters, no leading or trailing blanks.
func (f *fields) name(key string) (string, error) {
	s, err := f.optString(key, 1, 255)
	if err != nil {
		return "", err
	}
	if strings.TrimFunc(s, unicode.IsSpace) != s {
		return "", invalid(key, f.raw[key], pyString(s)+" has leading or trailing whitespace")
	}
	return s, nil
}

// stringOrInt decodes a reference Nova accepts as a string or an integer.
func (f *fields) stringOrInt(key string) (string, error) {
	raw := f.raw[key]
	var n json.Number
	if d := json.NewDecoder(bytes.NewReader(raw)); raw[0] != '"' {
		d.UseNumber()
		if d.Decode(&n) == nil {
			if _, err := n.Int64(); err == nil {
				return n.String(), nil
			}
		}
		return "", invalid(key, raw, notType(raw, "'string', 'integer'"))
	}
	return f.optString(key, 1, -1)
}

// positiveInt decodes an integer (or a string of digits) of at least 1.
func (f *fields) positiveInt(key string, def int) (int, error) {
	raw, ok := f.raw[key]
	if !ok {
		return def, nil
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		text = string(raw)
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0, invalid(key, raw, notType(raw, "'integer', 'string'"))
	}
	if n < 1 {
		return 0, invalid(key, raw, text+" is less than the minimum of 1")
	}
	return n, nil
}

// boolean decodes a boolean or one of the strings Nova takes for one.
func (f *fields) boolean(key string) (bool, error) {
	raw, ok := f.raw[key]
	if !ok {
		return false, nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch strings.ToLower(s) {
		case "true", "1", "yes", "on", "t", "y":
			return true, nil
		case "false", "0", "no", "off", "f", "n":
			return false, nil
		}
	}
	return false, invalid(key, raw, notType(raw, "'boolean', 'string'"))
}

// metadata decodes a metadata object: keys of 1 to 255 characters, string values of at
// most 255.
func (f *fields) metadata(key string) (map[string]string, error) {
	raw, ok := f.raw[key]
	if !ok {
		return map[string]string{}, nil
	}
	return parseMetadata(key, raw)
}

// metadataKeyPattern is the pattern Nova's API schema sets for metadata keys:
// no slashes, no characters outside ASCII. It is compiled on first use: its
// {1,255} makes a large program that would cost every novalua start ~0.8 ms.
var metadataKeyPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-zA-Z0-9-_:. ]{1,255}$`)
})

func parseMetadata(key string, raw json.RawMessage) (map[string]string, error) {
	var m map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return nil, invalid(key, raw, notType(raw, "'object'"))
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) != nil || v[0] != '"' {
			return nil, invalid(key, raw, notType(v, "'string'"))
		}
		if n := utf8.RuneCountInString(k); n < 1 || n > 255 {
			return nil, invalid(key, raw, "Additional properties are not allowed ("+
				pyString(k)+" was unexpected)")
		}
		if !metadataKeyPattern().MatchString(k) {
			return nil, invalid(key, raw, pyString(k)+
				" does not match any of the regexes: '"+metadataKeyPattern().String()+"'")
		}
		if utf8.RuneCountInString(s) > 255 {
			return nil, invalid(key, raw, pyString(s)+" is too long")
		}
		out[k] = s
	}
	return out, nil
}

// userData decodes base64 user data of at most 65535 characters.
func (f *fields) userData(key string) (string, error) {
	s, err := f.optString(key, 0, 65535)
	if err != nil || s == "" {
		return "", err
	}
	if _, err := base64.StdEncoding.DecodeString(s); err != nil {
		return "", invalid(key, f.raw[key], pyString(s)+" is not a 'base64'")
	}
	return s, nil
}

// ip decodes an address of the given IP version ("" allowed, meaning none).
func (f *fields) ip(key string, version int) (string, error) {
	s, _, err := f.str(key)
	if err != nil || s == "" {
		return "", err
	}
	a, perr := netip.ParseAddr(s)
	if perr != nil || (version == 4) != a.Is4() {
		return "", invalid(key, f.raw[key], fmt.Sprintf("%s is not a 'ipv%d'", pyString(s),
			version))
	}
	return a.String(), nil
}

// configDrive decodes config_drive; Nova shows "True" for a requested drive.
func (f *fields) configDrive(key string) (string, error) {
	if _, ok := f.raw[key]; !ok {
		return "", nil
	}
	on, err := f.boolean(key)
	if err != nil || !on {
		return "", err
	}
	return "True", nil
}

func (f *fields) diskConfig(key string) (string, error) {
	s, present, err := f.str(key)
	if err != nil || !present {
		return "", err
	}
	if s != "AUTO" && s != "MANUAL" {
		return "", invalid(key, f.raw[key], pyString(s)+" is not one of ['AUTO', 'MANUAL']")
	}
	return s, nil
}
