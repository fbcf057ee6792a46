package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
)

type v3Domain struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type v3User struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Domain   *v3Domain `json:"domain"`
	Password string    `json:"password"`
}

type v3Identity struct {
	Methods  []string `json:"methods"`
	Password *struct {
		User *v3User `json:"user"`
	} `json:"password"`
	Token *struct {
		ID string `json:"id"`
	} `json:"token"`
}

type v3AuthRequest struct {
	Auth *struct {
		Identity *v3Identity     `json:"identity"`
		Scope    json.RawMessage `json:"scope"`
	} `json:"auth"`
}

type v3ProjectScope struct {
	Project *struct {
		ID     string    `json:"id"`
		Name   string    `json:"name"`
		Domain *v3Domain `json:"domain"`
	} `json:"project"`
}

// authError is a Keystone error an authentication step returns.
type authError struct {
	code int
	msg  string
}

func (e *authError) Error() string { return e.msg }

var errUnauthorized = &authError{http.StatusUnauthorized, msgAuthRequired}

func badAuth(msg string) *authError {
	return &authError{http.StatusBadRequest, msg + " The server could not comply with the " +
		"request since it is either malformed or otherwise incorrect. The client is " +
		"assumed to be in error."}
}

// v3Issue answers POST /v3/auth/tokens with a project-scoped token.
func (s *Sandbox) v3Issue(w http.ResponseWriter, r *http.Request) {
	var req v3AuthRequest
	if err := decodeStrictly(r, &req); err != nil {
		writeKeystoneError(w, http.StatusBadRequest, "Malformed request body: "+err.Error())
		return
	}
	methods, err := s.v3Authenticate(&req)
	if err != nil {
		writeAuthError(w, err)
		return
	}

	id, tok, err := s.tokens.mint(s.now())
	if err != nil {
		writeKeystoneError(w, http.StatusInternalServerError, "Could not issue a token.")
		return
	}
	w.Header().Set("X-Subject-Token", id)
	writeJSON(w, http.StatusCreated, map[string]any{"token": s.v3TokenBody(tok, methods)})
}

func writeAuthError(w http.ResponseWriter, err error) {
	var ae *authError
	if !errors.As(err, &ae) {
		ae = &authError{http.StatusInternalServerError, "An unexpected error occurred."}
	}
	writeKeystoneError(w, ae.code, ae.msg)
}

// v3Authenticate checks the identity and the scope of a v3 request.
func (s *Sandbox) v3Authenticate(req *v3AuthRequest) ([]string, error) {
	if req.Auth == nil {
		return nil, badAuth("Expecting to find auth in request.")
	}
	id := req.Auth.Identity
	if id == nil || len(id.Methods) == 0 {
		return nil, badAuth("Expecting to find identity in auth.")
	}
	if err := s.v3Identity(id); err != nil {
		return nil, err
	}
	if err := checkV3Scope(req.Auth.Scope); err != nil {
		return nil, err
	}
	return id.Methods, nil
}

func (s *Sandbox) v3Identity(id *v3Identity) error {
	switch {
	case slices.Contains(id.Methods, "password"):
		if id.Password == nil || id.Password.User == nil {
			return badAuth("Expecting to find user in password.")
		}
		u := id.Password.User
		if u.ID == "" && u.Name != "" && u.Domain == nil {
			return badAuth("Expecting to find domain in user.")
		}
		if !userMatches(u.ID, u.Name, u.Domain) || u.Password != Password {
			return errUnauthorized
		}
		return nil
	case slices.Contains(id.Methods, "token"):
		if id.Token == nil {
			return badAuth("Expecting to find token in identity.")
		}
		if _, err := s.tokens.check(id.Token.ID, s.now()); err != nil {
			return errUnauthorized
		}
		return nil
	}
	return errUnauthorized
}

func userMatches(id, name string, d *v3Domain) bool {
	if id != "" {
		return id == userID
	}
	return name == User && domainMatches(d)
}

func domainMatches(d *v3Domain) bool {
	if d == nil {
		return false
	}
	if d.ID != "" {
		return d.ID == domainID
	}
	return d.Name == domainName
}

// checkV3Scope accepts no scope (the user's default project, the sandbox project) or the
// sandbox project by id or by name and domain. Other scopes carry no compute role here.
func checkV3Scope(raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var sc v3ProjectScope
	if err := json.Unmarshal(raw, &sc); err != nil || sc.Project == nil {
		return errUnauthorized
	}
	p := sc.Project
	if p.ID != "" {
		if p.ID != projectID {
			return errUnauthorized
		}
		return nil
	}
	if p.Name == "" {
		return badAuth("Expecting to find id or name in project.")
	}
	if p.Domain == nil {
		return badAuth("Expecting to find domain in project.")
	}
	if p.Name != Project || !domainMatches(p.Domain) {
		return errUnauthorized
	}
	return nil
}

// decodeStrictly decodes a JSON body holding exactly one value.
func decodeStrictly(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}
