package compute

import (
	"crypto/tls"
	"fmt"
	"net/url"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
)

// Cloud says which cloud to use and how to reach it.
type Cloud struct {
	Name            string // the clouds.yaml entry, "env" for OS_* variables, or "sandbox"
	Auth            gophercloud.AuthOptions
	Endpoint        gophercloud.EndpointOpts // region and interface
	TLS             *tls.Config              // nil means Go's defaults, certificates verified
	ComputeEndpoint string                   // overrides the catalog when not empty

	// Files are the configuration files the cloud was read from.
	Files []ConfigFile
}

// Source tells where a cloud's settings come from.
type Source int

// The places a cloud can come from, in order of precedence.
const (
	FromSandbox Source = iota
	FromCloudsYAML
	FromEnvironment
)

// Choice names the cloud Choose picks, and where its settings come from,
// without reading any file: the cloud's entry in clouds.yaml, "env" for the
// OS_* variables, or "sandbox".
func Choice(cloudFlag string, getenv func(string) string) (string, Source) {
	switch {
	case cloudFlag != "":
		return cloudFlag, FromCloudsYAML
	case getenv("OS_CLOUD") != "":
		return getenv("OS_CLOUD"), FromCloudsYAML
	case getenv("OS_AUTH_URL") != "":
		return "env", FromEnvironment
	}
	return "sandbox", FromSandbox
}

// Choose picks the cloud the way the openstack CLI does: the --os-cloud flag,
// then OS_CLOUD, then the OS_* variables. When none of them is set it returns
// FromSandbox and leaves the cloud to the caller.
func Choose(cloudFlag string, getenv func(string) string) (Cloud, Source, error) {
	name, source := Choice(cloudFlag, getenv)
	switch source {
	case FromCloudsYAML:
		cloud, err := fromCloudsYAML(name, getenv)
		if err != nil && !strings.Contains(err.Error(), "clouds.yaml") {
			err = fmt.Errorf("cloud %q in clouds.yaml: %w", name, err)
		}
		if err != nil {
			return Cloud{}, FromCloudsYAML, err
		}
		return cloud, FromCloudsYAML, nil
	case FromEnvironment:
		cloud, err := fromEnvironment(getenv)
		if err != nil {
			return Cloud{}, FromEnvironment, fmt.Errorf("cloud from OS_* variables: %w", err)
		}
		return cloud, FromEnvironment, nil
	}
	return Cloud{Name: name}, FromSandbox, nil
}

// Insecure reports whether the user turned certificate verification off.
func (c Cloud) Insecure() bool {
	return c.TLS != nil && c.TLS.InsecureSkipVerify
}

// Warnings says what about the cloud's configuration the user should fix: TLS
// verification turned off, and files holding secrets that others can read.
func (c Cloud) Warnings() []string {
	var warnings []string
	if c.Insecure() {
		warnings = append(warnings, "TLS certificates are not verified for cloud "+
			c.Name+" (OS_INSECURE or verify: false): anyone on the network path can "+
			"read its tokens")
	}
	for _, file := range c.Files {
		if warning := file.warning(); warning != "" {
			warnings = append(warnings, warning)
		}
	}
	return warnings
}

// canReauth reports whether the cloud's credentials can get a new token, which
// a token given by the user (OS_TOKEN) cannot.
func (c Cloud) canReauth() bool {
	a := c.Auth
	return a.Password != "" || a.ApplicationCredentialSecret != "" || a.Passcode != ""
}

// endpointOverride returns the compute endpoint the user asked for, checked.
func endpointOverride(value, from string) (string, error) {
	if value == "" {
		return "", nil
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s: %q is not an http or https URL", from, value)
	}
	return strings.TrimSuffix(value, "/") + "/", nil
}

// availability turns an interface name into gophercloud's form.
func availability(name string) (gophercloud.Availability, error) {
	switch name {
	case "", "public", "publicURL":
		return gophercloud.AvailabilityPublic, nil
	case "internal", "internalURL":
		return gophercloud.AvailabilityInternal, nil
	case "admin", "adminURL":
		return gophercloud.AvailabilityAdmin, nil
	}
	return "", fmt.Errorf("interface %q is not public, internal or admin", name)
}
