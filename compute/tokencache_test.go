package compute

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/compute/sandbox"
)

func TestTokenIsReusedByTheNextRun(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{})
	cache := &TokenCache{Dir: filepath.Join(t.TempDir(), "novalua")}

	first := connect(t, sandboxCloud(sb), Options{Tokens: cache})
	listFlavors(t, first)
	second := connect(t, sandboxCloud(sb), Options{Tokens: cache})
	listFlavors(t, second)

	assert.Equal(t, 1, log.logins(), "the second run did not go to Keystone")
	assert.True(t, second.Info().TokenFromCache)
	assert.Equal(t, first.Token(), second.Token())
	assert.Equal(t, first.Info().ProjectID, second.Info().ProjectID)
	assert.Equal(t, first.Info().ComputeEndpoint, second.Info().ComputeEndpoint)

	dir, err := os.Stat(cache.Dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dir.Mode().Perm())
	entries, err := os.ReadDir(cache.Dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "one file, no temporary leftovers")
	file, err := entries[0].Info()
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), file.Mode().Perm())
}

func TestRefusedCachedTokenIsReplaced(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{})
	cache := &TokenCache{Dir: t.TempDir()}
	cloud := sandboxCloud(sb)
	connect(t, cloud, Options{Tokens: cache})

	// The cloud no longer accepts the cached token, as after a revocation.
	id := identity(cloud)
	sess, ok := cache.load(id, time.Now())
	require.True(t, ok)
	sess.Token = "revoked-token"
	require.NoError(t, cache.save(id, sess))

	client := connect(t, cloud, Options{Tokens: cache})
	assert.True(t, client.Info().TokenFromCache)
	listFlavors(t, client)

	assert.Equal(t, 2, log.logins(), "the 401 led to one new login")
	saved, ok := cache.load(id, time.Now())
	require.True(t, ok)
	assert.NotEqual(t, "revoked-token", saved.Token)
	assert.Equal(t, client.Token(), saved.Token)
}

func TestTokenNearItsExpiryIsNotReused(t *testing.T) {
	sb, log := startSandbox(t, sandbox.Options{TokenTTL: 2 * time.Minute})
	cache := &TokenCache{Dir: t.TempDir()} // the default margin is 5 minutes
	connect(t, sandboxCloud(sb), Options{Tokens: cache})
	client := connect(t, sandboxCloud(sb), Options{Tokens: cache})

	assert.False(t, client.Info().TokenFromCache)
	assert.Equal(t, 2, log.logins())

	cache.Margin = time.Minute
	client = connect(t, sandboxCloud(sb), Options{Tokens: cache})
	assert.True(t, client.Info().TokenFromCache)
}

func TestTokenCacheIsPerUserAndCloud(t *testing.T) {
	a := Cloud{Name: "a", Auth: gophercloud.AuthOptions{IdentityEndpoint: "http://k/v3",
		Username: "joe", Password: "x"}}
	b := a
	b.Auth.Username = "ann"
	c := a
	c.Name = "c"
	d := a
	d.Auth.Password = "changed"

	cache := &TokenCache{Dir: t.TempDir()}
	assert.NotEqual(t, cache.path(identity(a)), cache.path(identity(b)))
	assert.NotEqual(t, cache.path(identity(a)), cache.path(identity(c)))
	assert.NotEqual(t, cache.path(identity(a)), cache.path(identity(d)),
		"a changed password never reuses the old one's token")
	assert.NotContains(t, identity(d), "changed", "only a digest of the secret is kept")
	e := a
	e.Auth.Password, e.Auth.ApplicationCredentialSecret = "", "x"
	assert.NotEqual(t, cache.path(identity(a)), cache.path(identity(e)))
}

func TestTokenCacheIgnoresBadFiles(t *testing.T) {
	cache := &TokenCache{Dir: t.TempDir()}
	id := "someone"
	good := session{Token: "t", ExpiresAt: time.Now().Add(time.Hour),
		ComputeEndpoint: "http://127.0.0.1/v2.1/"}
	require.NoError(t, cache.save(id, good))
	_, ok := cache.load(id, time.Now())
	require.True(t, ok)

	require.NoError(t, os.WriteFile(cache.path(id), []byte("{not json"), 0o600))
	_, ok = cache.load(id, time.Now())
	assert.False(t, ok)

	other := good
	other.Identity = "someone else"
	raw, err := json.Marshal(other)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(cache.path(id), raw, 0o600))
	_, ok = cache.load(id, time.Now())
	assert.False(t, ok, "a file for another identity is not used")

	cache.drop(id)
	assert.NoFileExists(t, cache.path(id))
}

func TestGivenTokenIsNotCached(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	token := connect(t, sandboxCloud(sb), Options{}).Token()
	cache := &TokenCache{Dir: filepath.Join(t.TempDir(), "cache")}

	cloud := Cloud{Name: "env", Auth: gophercloud.AuthOptions{
		IdentityEndpoint: sb.AuthURL(), TokenID: token}}
	connect(t, cloud, Options{Tokens: cache})
	assert.NoDirExists(t, cache.Dir)
}
