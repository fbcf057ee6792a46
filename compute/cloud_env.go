package compute

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
)

// fromEnvironment reads a cloud from the OS_* variables an openrc file sets:
// Keystone v3 password (user and project by name or id, with their domains),
// a token (OS_TOKEN), application credentials, or v2.0 password with a tenant.
func fromEnvironment(getenv func(string) string) (Cloud, error) {
	auth := envAuth(getenv)
	if err := checkCredentials(auth); err != nil {
		return Cloud{}, err
	}

	endpoint, err := envEndpoint(getenv)
	if err != nil {
		return Cloud{}, err
	}
	override, err := envOverride(getenv)
	if err != nil {
		return Cloud{}, err
	}

	insecure, err := envInsecure(getenv)
	if err != nil {
		return Cloud{}, err
	}
	tlsConfig, err := LoadTLS(TLSFiles{
		CACert: getenv("OS_CACERT"),
		Cert:   getenv("OS_CERT"),
		Key:    getenv("OS_KEY"),
	}, insecure != nil && *insecure)
	if err != nil {
		return Cloud{}, err
	}

	return Cloud{Name: "env", Auth: auth, Endpoint: endpoint, TLS: tlsConfig,
		ComputeEndpoint: override}, nil
}

func envAuth(getenv func(string) string) gophercloud.AuthOptions {
	first := func(names ...string) string {
		for _, name := range names {
			if v := getenv(name); v != "" {
				return v
			}
		}
		return ""
	}
	auth := gophercloud.AuthOptions{
		IdentityEndpoint:            getenv("OS_AUTH_URL"),
		Username:                    getenv("OS_USERNAME"),
		UserID:                      first("OS_USER_ID", "OS_USERID"),
		Password:                    getenv("OS_PASSWORD"),
		Passcode:                    getenv("OS_PASSCODE"),
		TokenID:                     getenv("OS_TOKEN"),
		TenantID:                    first("OS_PROJECT_ID", "OS_TENANT_ID"),
		TenantName:                  first("OS_PROJECT_NAME", "OS_TENANT_NAME"),
		DomainID:                    first("OS_USER_DOMAIN_ID", "OS_DOMAIN_ID"),
		DomainName:                  first("OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"),
		ApplicationCredentialID:     getenv("OS_APPLICATION_CREDENTIAL_ID"),
		ApplicationCredentialName:   getenv("OS_APPLICATION_CREDENTIAL_NAME"),
		ApplicationCredentialSecret: getenv("OS_APPLICATION_CREDENTIAL_SECRET"),
	}
	auth.Scope = envScope(auth, first("OS_PROJECT_DOMAIN_ID", "OS_DOMAIN_ID"),
		first("OS_PROJECT_DOMAIN_NAME", "OS_DOMAIN_NAME"), getenv("OS_SYSTEM_SCOPE"))
	return auth
}

// envScope builds the v3 scope. The project's domain may differ from the
// user's, which gophercloud's TenantName and DomainName cannot say on their
// own; v2.0 ignores the scope and uses TenantID or TenantName.
func envScope(auth gophercloud.AuthOptions, domainID, domainName,
	system string) *gophercloud.AuthScope {
	switch {
	case auth.ApplicationCredentialID != "" || auth.ApplicationCredentialName != "":
		return nil // an application credential carries its own scope
	case system == "all":
		return &gophercloud.AuthScope{System: true}
	case auth.TenantID != "":
		return &gophercloud.AuthScope{ProjectID: auth.TenantID}
	case auth.TenantName != "":
		return &gophercloud.AuthScope{ProjectName: auth.TenantName,
			DomainID: domainID, DomainName: domainName}
	}
	return nil
}

// checkCredentials says which variable is missing, in the user's terms.
func checkCredentials(a gophercloud.AuthOptions) error {
	appCred := a.ApplicationCredentialID != "" || a.ApplicationCredentialName != ""
	switch {
	case a.TokenID != "":
		return nil
	case appCred && a.ApplicationCredentialSecret == "":
		return errors.New("OS_APPLICATION_CREDENTIAL_SECRET is not set")
	case appCred:
		return nil
	case a.Username == "" && a.UserID == "":
		return errors.New("set OS_USERNAME or OS_USER_ID, OS_TOKEN, " +
			"or OS_APPLICATION_CREDENTIAL_ID")
	case a.Password == "" && a.Passcode == "":
		return errors.New("OS_PASSWORD is not set")
	}
	return checkProjectDomain(a)
}

// checkProjectDomain asks for the project's domain where Keystone v3 needs it
// to find a project by name; v2.0 has no domains.
func checkProjectDomain(a gophercloud.AuthOptions) error {
	scope := a.Scope
	if scope == nil || scope.ProjectName == "" || scope.DomainID != "" ||
		scope.DomainName != "" || strings.Contains(a.IdentityEndpoint, "/v2.0") {
		return nil
	}
	return errors.New("OS_PROJECT_NAME needs the project's domain: set " +
		"OS_PROJECT_DOMAIN_NAME (often Default) or OS_PROJECT_DOMAIN_ID")
}

func envEndpoint(getenv func(string) string) (gophercloud.EndpointOpts, error) {
	avail, err := availability(getenv("OS_INTERFACE"))
	if err != nil {
		return gophercloud.EndpointOpts{}, fmt.Errorf("OS_INTERFACE: %w", err)
	}
	return gophercloud.EndpointOpts{Region: getenv("OS_REGION_NAME"), Availability: avail}, nil
}

// envOverride reads OS_COMPUTE_ENDPOINT, or openstacksdk's longer
// OS_COMPUTE_ENDPOINT_OVERRIDE.
func envOverride(getenv func(string) string) (string, error) {
	for _, name := range []string{"OS_COMPUTE_ENDPOINT", "OS_COMPUTE_ENDPOINT_OVERRIDE"} {
		if v := getenv(name); v != "" {
			return endpointOverride(v, name)
		}
	}
	return "", nil
}

// envInsecure reads OS_INSECURE; nil means it is not set.
func envInsecure(getenv func(string) string) (*bool, error) {
	v := strings.TrimSpace(getenv("OS_INSECURE"))
	if v == "" {
		return nil, nil
	}
	switch strings.ToLower(v) {
	case "yes", "on":
		v = "true"
	case "no", "off":
		v = "false"
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, fmt.Errorf("OS_INSECURE: %q is not true or false", getenv("OS_INSECURE"))
	}
	return &b, nil
}
