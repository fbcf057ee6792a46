package compute

import (
	"crypto/tls"
	"fmt"
	"net/http"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/config/clouds"
)

// Cloud says which cloud to use and how to reach it.
type Cloud struct {
	Name            string // the clouds.yaml entry, "env" for OS_* variables, or "sandbox"
	Auth            gophercloud.AuthOptions
	Endpoint        gophercloud.EndpointOpts // region and interface
	TLS             *tls.Config              // nil means Go's defaults, certificates verified
	ComputeEndpoint string                   // overrides the catalog when not empty
}

// Source tells where a cloud's settings come from.
type Source int

// The places a cloud can come from, in order of precedence.
const (
	FromSandbox Source = iota
	FromCloudsYAML
	FromEnvironment
)

// Choose picks the cloud the way the openstack CLI does: the --os-cloud flag,
// then OS_CLOUD, then the OS_* variables. When none of them is set it returns
// FromSandbox and leaves the cloud to the caller.
func Choose(cloudFlag string, getenv func(string) string) (Cloud, Source, error) {
	name := cloudFlag
	if name == "" {
		name = getenv("OS_CLOUD")
	}
	if name != "" {
		cloud, err := fromCloudsYAML(name)
		return cloud, FromCloudsYAML, err
	}
	if getenv("OS_AUTH_URL") != "" {
		cloud, err := fromEnvironment(getenv)
		return cloud, FromEnvironment, err
	}
	return Cloud{Name: "sandbox"}, FromSandbox, nil
}

func fromCloudsYAML(name string) (Cloud, error) {
	auth, endpoint, tlsConfig, err := clouds.Parse(clouds.WithCloudName(name))
	if err != nil {
		return Cloud{}, fmt.Errorf("cloud %q from clouds.yaml: %w", name, err)
	}
	return Cloud{Name: name, Auth: auth, Endpoint: endpoint, TLS: tlsConfig}, nil
}

func fromEnvironment(getenv func(string) string) (Cloud, error) {
	auth, err := openstack.AuthOptionsFromEnv()
	if err != nil {
		return Cloud{}, fmt.Errorf("cloud from OS_* variables: %w", err)
	}
	endpoint := gophercloud.EndpointOpts{
		Region:       getenv("OS_REGION_NAME"),
		Availability: availability(getenv("OS_INTERFACE")),
	}
	return Cloud{Name: "env", Auth: auth, Endpoint: endpoint}, nil
}

func availability(name string) gophercloud.Availability {
	switch name {
	case "internal", "internalURL":
		return gophercloud.AvailabilityInternal
	case "admin", "adminURL":
		return gophercloud.AvailabilityAdmin
	}
	return gophercloud.AvailabilityPublic
}

func (c Cloud) transport() http.RoundTripper {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if c.TLS != nil {
		transport.TLSClientConfig = c.TLS
	}
	return transport
}
