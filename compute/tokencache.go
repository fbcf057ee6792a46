package compute

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// TokenCache keeps Keystone tokens between runs, one file per cloud and user,
// so that a second run does not ask Keystone again. Files are written with
// mode 0600 in a directory of mode 0700, atomically.
type TokenCache struct {
	Dir string

	// Margin is how long before its expiry a token stops being reused; 0 means
	// DefaultTokenMargin.
	Margin time.Duration
}

// DefaultTokenMargin leaves a reused token time to serve a whole script.
const DefaultTokenMargin = 5 * time.Minute

// session is what a login yields and the cache keeps: the token, when it
// expires, where the compute service is, and who it was issued to.
type session struct {
	Token           string    `json:"token"`
	ExpiresAt       time.Time `json:"expires_at"`
	ComputeEndpoint string    `json:"compute_endpoint"`
	ProjectID       string    `json:"project_id,omitempty"`
	ProjectName     string    `json:"project_name,omitempty"`
	UserID          string    `json:"user_id,omitempty"`
	UserName        string    `json:"user_name,omitempty"`

	// Identity is the cache key's text; it guards against hash collisions.
	Identity string `json:"identity"`
}

// identity describes who logs in to which cloud. The region and interface
// are part of it because they decide the endpoint. The secret is in it only as
// a salted digest, so that a changed or mistyped password or application
// credential secret never reuses a token that the right one got.
func identity(cloud Cloud) string {
	a := cloud.Auth
	parts := []string{cloud.Name, a.IdentityEndpoint, a.Username, a.UserID, a.DomainID,
		a.DomainName, a.TenantID, a.TenantName, a.ApplicationCredentialID,
		a.ApplicationCredentialName, cloud.Endpoint.Region, string(cloud.Endpoint.Availability),
		cloud.ComputeEndpoint, secretDigest(a)}
	if s := a.Scope; s != nil {
		parts = append(parts, s.ProjectID, s.ProjectName, s.DomainID, s.DomainName,
			s.TrustID, fmt.Sprint(s.System))
	}
	return strings.Join(parts, "\x00")
}

// secretDigest is a short, salted SHA-256 of the credentials' secrets.
func secretDigest(a gophercloud.AuthOptions) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{"novalua token cache",
		a.Password, a.Passcode, a.ApplicationCredentialSecret}, "\x00")))
	return "secret:" + hex.EncodeToString(sum[:8])
}

func (c *TokenCache) path(id string) string {
	sum := sha256.Sum256([]byte(id))
	return filepath.Join(c.Dir, "token-"+hex.EncodeToString(sum[:16])+".json")
}

// load returns the cached session for id, if there is one that stays valid
// for longer than the margin.
func (c *TokenCache) load(id string, now time.Time) (session, bool) {
	if c == nil {
		return session{}, false
	}
	raw, err := os.ReadFile(c.path(id))
	if err != nil {
		return session{}, false
	}
	var s session
	if json.Unmarshal(raw, &s) != nil || s.Identity != id || s.Token == "" ||
		s.ComputeEndpoint == "" {
		return session{}, false
	}
	margin := c.Margin
	if margin <= 0 {
		margin = DefaultTokenMargin
	}
	if !now.Add(margin).Before(s.ExpiresAt) {
		return session{}, false
	}
	return s, true
}

// save stores s for id. It writes a temporary file and renames it, so that a
// run that reads meanwhile sees the old token or the new one, never half.
func (c *TokenCache) save(id string, s session) error {
	if c == nil || s.ExpiresAt.IsZero() {
		return nil
	}
	s.Identity = id
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}

	tmp, err := os.CreateTemp(c.Dir, ".token-*")
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := writeSynced(tmp, raw); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), c.path(id)); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}

func writeSynced(f *os.File, raw []byte) error {
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// drop forgets the token for id, after the cloud refused it.
func (c *TokenCache) drop(id string) {
	if c == nil {
		return
	}
	os.Remove(c.path(id))
}
