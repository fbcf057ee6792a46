package compute

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/gophercloud/gophercloud/v2"
)

// secrets hides passwords and tokens in what the debug trace shows: by where
// they stand (token headers, password fields of JSON bodies) and, as a last
// line, by value, for the credentials it was given and every token it saw.
type secrets struct {
	mu     sync.Mutex
	values map[string]string // secret → what is shown instead
}

// newSecrets knows the credentials in auth from the start.
func newSecrets(auth gophercloud.AuthOptions) *secrets {
	s := &secrets{values: map[string]string{}}
	for _, v := range []string{auth.Password, auth.Passcode, auth.ApplicationCredentialSecret} {
		s.add(v, "***")
	}
	s.add(auth.TokenID, tokenHash(auth.TokenID))
	return s
}

// minSecret is the shortest value hidden by value; shorter ones would blank
// out ordinary text, and are still hidden where they stand.
const minSecret = 3

func (s *secrets) add(value, shown string) {
	if len(value) < minSecret {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[value] = shown
}

// tokenHeaders carry tokens; Authorization may carry any credential.
var tokenHeaders = map[string]bool{
	"X-Auth-Token": true, "X-Subject-Token": true, "X-Service-Token": true,
}

// learnHeaders remembers the tokens in h.
func (s *secrets) learnHeaders(h http.Header) {
	for name := range tokenHeaders {
		if value := h.Get(name); value != "" {
			s.add(value, tokenHash(value))
		}
	}
}

// headerValue is what the trace shows of a header.
func (s *secrets) headerValue(name, value string) string {
	name = http.CanonicalHeaderKey(name)
	switch {
	case tokenHeaders[name]:
		return tokenHash(value)
	case name == "Authorization" || name == "Proxy-Authorization":
		return "***"
	}
	return value
}

// scrub replaces every known secret in text, longest first so that a secret
// holding another is replaced whole.
func (s *secrets) scrub(text string) string {
	s.mu.Lock()
	known := make([]string, 0, len(s.values))
	for value := range s.values {
		known = append(known, value)
	}
	shown := make(map[string]string, len(s.values))
	for k, v := range s.values {
		shown[k] = v
	}
	s.mu.Unlock()

	sort.Slice(known, func(i, j int) bool { return len(known[i]) > len(known[j]) })
	for _, value := range known {
		text = strings.ReplaceAll(text, value, shown[value])
	}
	return text
}

// redactBody returns a body as the trace shows it: JSON with its password and
// token fields hidden, or other text with password-like fields hidden.
func (s *secrets) redactBody(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return s.scrub(passwordField.ReplaceAllString(string(body), `$1"***"`))
	}

	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s.redactValue(doc)); err != nil {
		return "(a body that cannot be shown)"
	}
	return s.scrub(strings.TrimSuffix(out.String(), "\n"))
}

// passwordField finds "password": "..." and the like in text that is not
// valid JSON, such as a truncated body.
var passwordField = regexp.MustCompile(
	`(?i)("[^"]*(?:password|secret|adminpass|passcode)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"`)

func (s *secrets) redactValue(node any) any {
	switch v := node.(type) {
	case map[string]any:
		for key, value := range v {
			switch {
			case secretField(key):
				if _, ok := value.(string); ok {
					v[key] = "***"
					continue
				}
			case strings.EqualFold(key, "token"):
				v[key] = s.redactToken(value)
				continue
			}
			v[key] = s.redactValue(value)
		}
	case []any:
		for i, item := range v {
			v[i] = s.redactValue(item)
		}
	}
	return node
}

// redactToken hides a token given as a string or as {"id": ...}, the v2.0
// and token-method forms, and learns it.
func (s *secrets) redactToken(value any) any {
	switch v := value.(type) {
	case string:
		s.add(v, tokenHash(v))
		return tokenHash(v)
	case map[string]any:
		if id, ok := v["id"].(string); ok {
			s.add(id, tokenHash(id))
			v["id"] = tokenHash(id)
		}
		for key, item := range v {
			if key != "id" {
				v[key] = s.redactValue(item)
			}
		}
	}
	return value
}

// secretField reports whether a JSON field holds a password or secret:
// password, adminPass, new_password, application_credential_secret, ...
func secretField(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, "password") || strings.Contains(k, "secret") ||
		k == "adminpass" || k == "passcode"
}

// tokenHash is how the trace shows a token: enough to tell tokens apart,
// nothing to use one.
func tokenHash(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return "{SHA256}" + hex.EncodeToString(sum[:])[:16]
}
