package compute

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// TLSFiles names the PEM files of a TLS setup: a CA bundle to trust instead of
// the system's, and a client certificate with its key.
type TLSFiles struct {
	CACert string
	Cert   string
	Key    string
}

// LoadTLS builds the TLS settings for files. It returns nil when there is
// nothing to change from Go's defaults, which verify certificates against the
// system's roots. insecure turns verification off.
func LoadTLS(files TLSFiles, insecure bool) (*tls.Config, error) {
	if files == (TLSFiles{}) && !insecure {
		return nil, nil
	}
	config := &tls.Config{InsecureSkipVerify: insecure}

	if files.CACert != "" {
		pool, err := loadCABundle(files.CACert)
		if err != nil {
			return nil, err
		}
		config.RootCAs = pool
	}

	cert, err := loadClientCert(files.Cert, files.Key)
	if err != nil {
		return nil, err
	}
	if cert != nil {
		config.Certificates = []tls.Certificate{*cert}
	}
	return config, nil
}

func loadCABundle(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(expandHome(path))
	if err != nil {
		return nil, fmt.Errorf("CA bundle: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA bundle %s: no PEM certificate in it", path)
	}
	return pool, nil
}

func loadClientCert(certPath, keyPath string) (*tls.Certificate, error) {
	switch {
	case certPath == "" && keyPath == "":
		return nil, nil
	case keyPath == "":
		return nil, errors.New("client certificate: a certificate is set (OS_CERT, cert) " +
			"but no key (OS_KEY, key)")
	case certPath == "":
		return nil, errors.New("client certificate: a key is set (OS_KEY, key) " +
			"but no certificate (OS_CERT, cert)")
	}
	cert, err := tls.LoadX509KeyPair(expandHome(certPath), expandHome(keyPath))
	if err != nil {
		return nil, fmt.Errorf("client certificate %s with key %s: %w", certPath, keyPath, err)
	}
	return &cert, nil
}

// expandHome turns a leading ~/ into the home directory, as the openstack CLI
// does for clouds.yaml paths.
func expandHome(path string) string {
	rest, ok := strings.CutPrefix(path, "~/")
	if !ok {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return path
	}
	return filepath.Join(home, rest)
}

// isCertificateError reports whether err is a failed certificate check, which
// no retry can fix.
func isCertificateError(err error) bool {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknown) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &verify) || clientCertRefused(err)
}

// clientCertRefused reports whether the server ended the handshake because it
// wants a client certificate; TLS alerts reach Go only as text.
func clientCertRefused(err error) bool {
	text := err.Error()
	return strings.Contains(text, "certificate required") ||
		strings.Contains(text, "bad certificate")
}

// tlsAdvice says what to do about a certificate problem, or "" when err is
// none.
func tlsAdvice(err error) string {
	var unknown x509.UnknownAuthorityError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return "set OS_CACERT or cacert to the CA bundle that signed the cloud's certificate"
	case clientCertRefused(err):
		return "the cloud wants a client certificate: set OS_CERT and OS_KEY, or cert and key"
	case errors.As(err, &verify):
		return "check the cloud's certificate, or set OS_CACERT or cacert"
	}
	return ""
}
