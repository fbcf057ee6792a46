package sandbox

import (
	"net/http"
)

type v2AuthRequest struct {
	Auth *struct {
		PasswordCredentials *struct {
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"passwordCredentials"`
		Token *struct {
			ID string `json:"id"`
		} `json:"token"`
		TenantName string `json:"tenantName"`
		TenantID   string `json:"tenantId"`
	} `json:"auth"`
}

// v2Issue answers the legacy POST /v2.0/tokens the book uses. Without a tenant the token
// is scoped to the user's default project, so the book's tenant-less call gets a catalog.
func (s *Sandbox) v2Issue(w http.ResponseWriter, r *http.Request) {
	var req v2AuthRequest
	if err := decodeStrictly(r, &req); err != nil {
		writeKeystoneError(w, http.StatusBadRequest, "Malformed request body: "+err.Error())
		return
	}
	if err := s.v2Authenticate(&req); err != nil {
		writeAuthError(w, err)
		return
	}

	id, tok, err := s.tokens.mint(s.now())
	if err != nil {
		writeKeystoneError(w, http.StatusInternalServerError, "Could not issue a token.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access": s.v2Access(id, tok)})
}

func (s *Sandbox) v2Authenticate(req *v2AuthRequest) error {
	a := req.Auth
	if a == nil {
		return badAuth("Expecting to find auth in request.")
	}
	switch {
	case a.PasswordCredentials != nil:
		pc := a.PasswordCredentials
		if pc.Username != User || pc.Password != Password {
			return errUnauthorized
		}
	case a.Token != nil:
		if _, err := s.tokens.check(a.Token.ID, s.now()); err != nil {
			return errUnauthorized
		}
	default:
		return badAuth("Expecting to find passwordCredentials or token in auth.")
	}

	if a.TenantID != "" && a.TenantID != projectID {
		return errUnauthorized
	}
	if a.TenantName != "" && a.TenantName != Project {
		return errUnauthorized
	}
	return nil
}

func (s *Sandbox) v2Access(id string, tok token) map[string]any {
	roles := []any{map[string]any{"name": "member"}, map[string]any{"name": "reader"}}
	return map[string]any{
		"token": map[string]any{
			"issued_at": keystoneTime(tok.Issued),
			"expires":   tok.Expires.UTC().Format("2006-01-02T15:04:05Z"),
			"id":        id,
			"tenant": map[string]any{
				"description": nil, "enabled": true, "id": projectID, "name": Project,
			},
			"audit_ids": []string{tok.AuditID},
		},
		"serviceCatalog": s.v2Catalog(),
		"user": map[string]any{
			"username": User, "roles_links": []any{}, "id": userID, "roles": roles,
			"name": User,
		},
		"metadata": map[string]any{"is_admin": 0, "roles": []string{}},
	}
}
