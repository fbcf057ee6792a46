package sandbox

import (
	"net/http"
	"strings"
	"time"
)

const (
	msgAuthRequired = "The request you have made requires authentication."
	msgNotFound     = "The resource could not be found."
)

// keystoneTime formats times as Keystone v3 does.
func keystoneTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// serveIdentity routes the Keystone listener.
func (s *Sandbox) serveIdentity(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "X-Auth-Token")
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case p == "" && isRead(r):
		s.identityVersions(w)
	case p == "/v3" && isRead(r):
		writeJSON(w, http.StatusOK, map[string]any{"version": s.v3Version()})
	case p == "/v2.0" && isRead(r):
		writeJSON(w, http.StatusOK, map[string]any{"version": s.v2Version()})
	case p == "/v3/auth/tokens" && r.Method == http.MethodPost:
		s.v3Issue(w, r)
	case p == "/v3/auth/tokens" && isRead(r):
		s.v3Validate(w, r)
	case p == "/v3/auth/catalog" && isRead(r):
		s.v3CatalogRead(w, r)
	case p == "/v2.0/tokens" && r.Method == http.MethodPost:
		s.v2Issue(w, r)
	case isIdentityRoute(p):
		writeKeystoneError(w, http.StatusMethodNotAllowed,
			"The method you specified is not allowed for this resource.")
	default:
		writeKeystoneError(w, http.StatusNotFound, msgNotFound)
	}
}

func isRead(r *http.Request) bool {
	return r.Method == http.MethodGet || r.Method == http.MethodHead
}

func isIdentityRoute(p string) bool {
	switch p {
	case "", "/v3", "/v2.0", "/v3/auth/tokens", "/v3/auth/catalog", "/v2.0/tokens":
		return true
	}
	return false
}

func (s *Sandbox) identityVersions(w http.ResponseWriter) {
	w.Header().Set("Location", s.identityRoot()+"/v3/")
	body := map[string]any{"versions": map[string]any{
		"values": []any{s.v3Version(), s.v2Version()},
	}}
	writeJSON(w, http.StatusMultipleChoices, body)
}

func (s *Sandbox) v3Version() map[string]any {
	return map[string]any{
		"id":      "v3.14",
		"status":  "stable",
		"updated": "2020-04-07T00:00:00Z",
		"links":   []any{map[string]any{"rel": "self", "href": s.identityRoot() + "/v3/"}},
		"media-types": []any{map[string]any{
			"base": "application/json",
			"type": "application/vnd.openstack.identity-v3+json",
		}},
	}
}

// v2Version describes the legacy v2.0 API, which the sandbox keeps for the book's
// token call only.
func (s *Sandbox) v2Version() map[string]any {
	return map[string]any{
		"id":      "v2.0",
		"status":  "deprecated",
		"updated": "2016-08-04T00:00:00Z",
		"links":   []any{map[string]any{"rel": "self", "href": s.identityRoot() + "/v2.0/"}},
		"media-types": []any{map[string]any{
			"base": "application/json",
			"type": "application/vnd.openstack.identity-v2.0+json",
		}},
	}
}

// v3CatalogRead answers GET /v3/auth/catalog for a valid X-Auth-Token.
func (s *Sandbox) v3CatalogRead(w http.ResponseWriter, r *http.Request) {
	if _, err := s.tokens.check(r.Header.Get("X-Auth-Token"), s.now()); err != nil {
		writeKeystoneError(w, http.StatusUnauthorized, msgAuthRequired)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"catalog": s.v3Catalog(),
		"links":   map[string]any{"self": s.identityRoot() + "/v3/auth/catalog"},
	})
}

// v3Validate answers GET /v3/auth/tokens: the X-Subject-Token described, if both it and
// the caller's X-Auth-Token are valid.
func (s *Sandbox) v3Validate(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	if _, err := s.tokens.check(r.Header.Get("X-Auth-Token"), now); err != nil {
		writeKeystoneError(w, http.StatusUnauthorized, msgAuthRequired)
		return
	}
	subject := r.Header.Get("X-Subject-Token")
	tok, err := s.tokens.check(subject, now)
	if err != nil {
		writeKeystoneError(w, http.StatusNotFound, "Could not find token: "+
			"the subject token is not valid.")
		return
	}
	w.Header().Set("X-Subject-Token", subject)
	writeJSON(w, http.StatusOK, map[string]any{"token": s.v3TokenBody(tok, []string{"password"})})
}

// v3TokenBody is the "token" object of a project-scoped v3 token.
func (s *Sandbox) v3TokenBody(tok token, methods []string) map[string]any {
	domain := map[string]any{"id": domainID, "name": domainName}
	return map[string]any{
		"methods": methods,
		"user": map[string]any{
			"domain": domain, "id": userID, "name": User, "password_expires_at": nil,
		},
		"audit_ids":  []string{tok.AuditID},
		"expires_at": keystoneTime(tok.Expires),
		"issued_at":  keystoneTime(tok.Issued),
		"project":    map[string]any{"domain": domain, "id": projectID, "name": Project},
		"is_domain":  false,
		"roles": []any{
			map[string]any{"id": "4f2a6c8e0b1d4e3f9a7c5b3d1e0f2a4c", "name": "member"},
			map[string]any{"id": "7b9d1f3a5c7e4b2d8f0a2c4e6b8d0f1a", "name": "reader"},
		},
		"catalog": s.v3Catalog(),
	}
}
