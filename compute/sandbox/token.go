package sandbox

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Tokens are self-contained and signed with a secret kept in the state database, like
// Keystone's Fernet tokens: any process sharing the state directory can check them
// without a database write per token.
const (
	tokenVersion = 1
	tokenNonce   = 16
	tokenBody    = 1 + 8 + 8 + tokenNonce
)

var errBadToken = errors.New("token is malformed, forged or expired")

// token is what a valid token says about itself.
type token struct {
	Issued  time.Time
	Expires time.Time
	AuditID string
}

// tokens mints and checks tokens with one secret.
type tokens struct {
	secret []byte
	ttl    time.Duration
}

func loadSecret(s *store) ([]byte, error) {
	var secret []byte
	err := s.view(func(tx *bolt.Tx) error {
		secret = append([]byte(nil), tx.Bucket(bucketMeta).Get(keySecret)...)
		return nil
	})
	if err == nil && len(secret) == 0 {
		err = errors.New("state has no token secret")
	}
	return secret, err
}

// mint returns a new token id and what it stands for.
func (t *tokens) mint(now time.Time) (string, token, error) {
	body := make([]byte, tokenBody)
	body[0] = tokenVersion
	exp := now.Add(t.ttl)
	binary.BigEndian.PutUint64(body[1:], uint64(now.UnixNano()))
	binary.BigEndian.PutUint64(body[9:], uint64(exp.UnixNano()))
	if _, err := rand.Read(body[17:]); err != nil {
		return "", token{}, err
	}
	id := base64.RawURLEncoding.EncodeToString(append(body, t.sign(body)...))
	return id, describe(body), nil
}

// check returns what the token id stands for if it is genuine and not expired at now.
func (t *tokens) check(id string, now time.Time) (token, error) {
	raw, err := base64.RawURLEncoding.Strict().DecodeString(id)
	if err != nil || len(raw) != tokenBody+sha256.Size || raw[0] != tokenVersion {
		return token{}, errBadToken
	}
	body, mac := raw[:tokenBody], raw[tokenBody:]
	if !hmac.Equal(mac, t.sign(body)) {
		return token{}, errBadToken
	}
	tok := describe(body)
	if !now.Before(tok.Expires) {
		return token{}, errBadToken
	}
	return tok, nil
}

func (t *tokens) sign(body []byte) []byte {
	m := hmac.New(sha256.New, t.secret)
	m.Write(body)
	return m.Sum(nil)
}

func describe(body []byte) token {
	return token{
		Issued:  time.Unix(0, int64(binary.BigEndian.Uint64(body[1:]))).UTC(),
		Expires: time.Unix(0, int64(binary.BigEndian.Uint64(body[9:]))).UTC(),
		AuditID: base64.RawURLEncoding.EncodeToString(body[17:]),
	}
}
