package compute

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/compute/sandbox"
)

// authority is a test CA that signs server and client certificates.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newAuthority(t *testing.T, name string) *authority {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &authority{cert: cert, key: key,
		pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue returns a certificate and key in PEM for a server on 127.0.0.1 or for
// a client.
func (a *authority) issue(t *testing.T, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "novalua test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, a.cert, &key.PublicKey, a.key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

// tlsFront serves a sandbox over TLS: Keystone's paths go to its identity
// listener, the rest to its compute listener. It counts TLS handshakes.
type tlsFront struct {
	*httptest.Server
	handshakes atomic.Int32
}

func newTLSFront(t *testing.T, sb *sandbox.Sandbox, ca *authority,
	clientCAs *x509.CertPool) *tlsFront {
	t.Helper()
	identity := reverseProxy(t, sb.AuthURL())
	compute := reverseProxy(t, sb.ComputeURL())
	front := &tlsFront{}
	front.Server = httptest.NewUnstartedServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/v3") || strings.HasPrefix(r.URL.Path, "/v2.0") {
				identity.ServeHTTP(w, r)
				return
			}
			compute.ServeHTTP(w, r)
		}))

	certPEM, keyPEM := ca.issue(t, x509.ExtKeyUsageServerAuth)
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	require.NoError(t, err)
	front.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	if clientCAs != nil {
		front.TLS.ClientAuth = tls.RequireAndVerifyClientCert
		front.TLS.ClientCAs = clientCAs
	}
	front.TLS.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		front.handshakes.Add(1)
		return nil, nil
	}
	front.StartTLS()
	t.Cleanup(front.Close)
	return front
}

func reverseProxy(t *testing.T, target string) *httputil.ReverseProxy {
	u, err := url.Parse(target)
	require.NoError(t, err)
	return httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host})
}

func (f *tlsFront) cloud(sb *sandbox.Sandbox, config *tls.Config) Cloud {
	cloud := sandboxCloud(sb)
	cloud.Auth.IdentityEndpoint = f.URL + "/v3"
	cloud.ComputeEndpoint = f.URL + "/v2.1/"
	cloud.TLS = config
	return cloud
}

func writePEM(t *testing.T, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, content, 0o600))
	return path
}

func TestTLSVerifiesAgainstTheCABundle(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	ca := newAuthority(t, "cloud CA")
	front := newTLSFront(t, sb, ca, nil)

	config, err := LoadTLS(TLSFiles{CACert: writePEM(t, "ca.pem", ca.pem)}, false)
	require.NoError(t, err)
	client := connect(t, front.cloud(sb, config), Options{})
	listFlavors(t, client)
	assert.True(t, strings.HasPrefix(client.Info().ComputeEndpoint, "https://"))
}

func TestTLSRejectsAnUnknownCA(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	front := newTLSFront(t, sb, newAuthority(t, "cloud CA"), nil)
	other := newAuthority(t, "some other CA")
	bad, err := LoadTLS(TLSFiles{CACert: writePEM(t, "other.pem", other.pem)}, false)
	require.NoError(t, err)

	for name, config := range map[string]*tls.Config{"system roots": nil, "wrong CA": bad} {
		t.Run(name, func(t *testing.T) {
			before := front.handshakes.Load()
			_, err := Connect(context.Background(), front.cloud(sb, config),
				Options{Retry: quickRetries})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "certificate signed by unknown authority")
			assert.Contains(t, err.Error(), "set OS_CACERT or cacert")
			assert.Equal(t, int32(1), front.handshakes.Load()-before,
				"a bad certificate is not retried")
		})
	}
}

func TestTLSInsecureSkipsVerification(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	front := newTLSFront(t, sb, newAuthority(t, "cloud CA"), nil)
	config, err := LoadTLS(TLSFiles{}, true)
	require.NoError(t, err)

	cloud := front.cloud(sb, config)
	assert.True(t, cloud.Insecure())
	listFlavors(t, connect(t, cloud, Options{}))
}

func TestTLSClientCertificate(t *testing.T) {
	sb, _ := startSandbox(t, sandbox.Options{})
	serverCA := newAuthority(t, "cloud CA")
	clientCA := newAuthority(t, "client CA")
	pool := x509.NewCertPool()
	pool.AddCert(clientCA.cert)
	front := newTLSFront(t, sb, serverCA, pool)
	caFile := writePEM(t, "ca.pem", serverCA.pem)

	withoutCert, err := LoadTLS(TLSFiles{CACert: caFile}, false)
	require.NoError(t, err)
	_, err = Connect(context.Background(), front.cloud(sb, withoutCert),
		Options{Retry: quickRetries})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the cloud wants a client certificate")

	certPEM, keyPEM := clientCA.issue(t, x509.ExtKeyUsageClientAuth)
	withCert, err := LoadTLS(TLSFiles{CACert: caFile, Cert: writePEM(t, "c.pem", certPEM),
		Key: writePEM(t, "k.pem", keyPEM)}, false)
	require.NoError(t, err)
	listFlavors(t, connect(t, front.cloud(sb, withCert), Options{}))
}

func TestLoadTLSErrors(t *testing.T) {
	notPEM := writePEM(t, "junk.pem", []byte("not a certificate"))
	tests := []struct {
		name  string
		files TLSFiles
		want  string
	}{
		{"CA bundle without certificates", TLSFiles{CACert: notPEM},
			"CA bundle " + notPEM + ": no PEM certificate in it"},
		{"key without certificate", TLSFiles{Key: notPEM}, "a key is set (OS_KEY, key)"},
		{"unreadable pair", TLSFiles{Cert: notPEM, Key: notPEM},
			"client certificate " + notPEM + " with key " + notPEM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadTLS(tt.files, false)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	config, err := LoadTLS(TLSFiles{}, false)
	require.NoError(t, err)
	assert.Nil(t, config)
}
