package compute

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/config/clouds"
	"gopkg.in/yaml.v2"
)

// fromCloudsYAML reads the cloud called name from clouds.yaml and secure.yaml
// through gophercloud, which also builds its TLS settings. The OS_* variables
// that the openstack CLI lets override an entry (region, interface, CA bundle,
// client certificate, OS_INSECURE) are passed on explicitly, so that getenv is
// the only place settings come from.
func fromCloudsYAML(name string, getenv func(string) string) (Cloud, error) {
	cloudsPaths, securePaths, err := configSearchPaths(getenv)
	if err != nil {
		return Cloud{}, err
	}
	opts, err := parseOptions(name, getenv)
	if err != nil {
		return Cloud{}, err
	}
	opts = append(opts, clouds.WithLocations(cloudsPaths...),
		clouds.WithSecureLocations(securePaths...))

	auth, endpoint, tlsConfig, err := clouds.Parse(opts...)
	if err != nil {
		return Cloud{}, withCloudNames(err, firstExisting(cloudsPaths))
	}

	files := readConfigFiles(firstExisting(cloudsPaths), firstExisting(securePaths))
	override, err := yamlOverride(name, files, getenv)
	if err != nil {
		return Cloud{}, err
	}
	return Cloud{Name: name, Auth: auth, Endpoint: endpoint, TLS: tlsConfig,
		ComputeEndpoint: override, Files: files}, nil
}

func parseOptions(name string, getenv func(string) string) ([]clouds.ParseOption, error) {
	opts := []clouds.ParseOption{clouds.WithCloudName(name)}
	settings := []struct {
		name  string
		apply func(string) clouds.ParseOption
	}{
		{"OS_REGION_NAME", clouds.WithRegion},
		{"OS_INTERFACE", clouds.WithEndpointType},
		{"OS_CACERT", clouds.WithCACertPath},
		{"OS_CERT", clouds.WithClientCertPath},
		{"OS_KEY", clouds.WithClientKeyPath},
	}
	for _, s := range settings {
		if v := getenv(s.name); v != "" {
			opts = append(opts, s.apply(v))
		}
	}
	if _, err := availability(getenv("OS_INTERFACE")); err != nil {
		return nil, fmt.Errorf("OS_INTERFACE: %w", err)
	}

	insecure, err := envInsecure(getenv)
	if err != nil {
		return nil, err
	}
	if insecure != nil {
		opts = append(opts, clouds.WithInsecure(*insecure))
	}
	return opts, nil
}

// configSearchPaths lists where clouds.yaml and secure.yaml may be, in the
// openstack CLI's order: OS_CLIENT_CONFIG_FILE (and OS_CLIENT_SECURE_FILE)
// when set, else the current directory, the user's config directory and
// /etc/openstack.
func configSearchPaths(getenv func(string) string) (cloudsPaths, securePaths []string,
	err error) {
	dirs, err := configDirs(getenv)
	if err != nil {
		return nil, nil, err
	}
	for _, dir := range dirs {
		cloudsPaths = append(cloudsPaths, filepath.Join(dir, "clouds.yaml"))
		securePaths = append(securePaths, filepath.Join(dir, "secure.yaml"))
	}
	if file := getenv("OS_CLIENT_CONFIG_FILE"); file != "" {
		cloudsPaths = []string{file}
	}
	if file := getenv("OS_CLIENT_SECURE_FILE"); file != "" {
		securePaths = []string{file}
	}
	return cloudsPaths, securePaths, nil
}

func configDirs(getenv func(string) string) ([]string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("find clouds.yaml: %w", err)
	}
	config := getenv("XDG_CONFIG_HOME")
	if config == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		config = filepath.Join(home, ".config")
	}
	return []string{cwd, filepath.Join(config, "openstack"), "/etc/openstack"}, nil
}

func firstExisting(paths []string) string {
	for _, path := range paths {
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
			return path
		}
	}
	return ""
}

// yamlFile is the part of clouds.yaml that gophercloud does not read.
type yamlFile struct {
	Clouds map[string]struct {
		ComputeEndpointOverride string `yaml:"compute_endpoint_override"`
	} `yaml:"clouds"`
}

// withCloudNames adds the clouds that clouds.yaml does have to an error about
// one it lacks.
func withCloudNames(err error, path string) error {
	if path == "" || !strings.Contains(err.Error(), "not found") {
		return err
	}
	content, readErr := os.ReadFile(path)
	var parsed yamlFile
	if readErr != nil || yaml.Unmarshal(content, &parsed) != nil {
		return err
	}
	names := make([]string, 0, len(parsed.Clouds))
	for name := range parsed.Clouds {
		names = append(names, name)
	}
	sort.Strings(names)
	return fmt.Errorf("%w (%s has: %s)", err, path, strings.Join(names, ", "))
}

// yamlOverride returns the compute endpoint override: OS_COMPUTE_ENDPOINT,
// else the entry's compute_endpoint_override in secure.yaml or clouds.yaml.
func yamlOverride(name string, files []ConfigFile, getenv func(string) string) (string,
	error) {
	if override, err := envOverride(getenv); override != "" || err != nil {
		return override, err
	}
	for i := len(files) - 1; i >= 0; i-- {
		var parsed yamlFile
		if err := yaml.Unmarshal(files[i].content, &parsed); err != nil {
			return "", fmt.Errorf("%s: %w", files[i].Path, err)
		}
		value := parsed.Clouds[name].ComputeEndpointOverride
		if value != "" {
			return endpointOverride(value, files[i].Path+": compute_endpoint_override")
		}
	}
	return "", nil
}

// ConfigFile is a configuration file a cloud was read from.
type ConfigFile struct {
	Path      string
	Mode      fs.FileMode
	HasSecret bool // it holds a password, secret or token
	content   []byte
}

// readConfigFiles describes the files that exist among paths.
func readConfigFiles(paths ...string) []ConfigFile {
	var files []ConfigFile
	for _, path := range paths {
		if path == "" {
			continue
		}
		info, err := os.Stat(path)
		if err != nil {
			continue
		}
		content, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		files = append(files, ConfigFile{Path: path, Mode: info.Mode().Perm(),
			HasSecret: holdsSecret(content), content: content})
	}
	return files
}

// warning is what the user should hear about f, as ssh says of private keys
// that others can read.
func (f ConfigFile) warning() string {
	if !f.HasSecret || f.Mode&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("%s holds a password or secret and can be read by others "+
		"(mode %04o); run: chmod 600 %s", f.Path, f.Mode, f.Path)
}

// secretKeys are the clouds.yaml settings whose values are secrets.
var secretKeys = map[string]bool{
	"password": true, "application_credential_secret": true, "token": true,
	"passcode": true, "secret": true,
}

// holdsSecret reports whether a YAML document has a non-empty secret setting
// anywhere in it.
func holdsSecret(content []byte) bool {
	var doc any
	if yaml.Unmarshal(content, &doc) != nil {
		return false
	}
	return findSecret(doc)
}

func findSecret(node any) bool {
	switch v := node.(type) {
	case map[any]any:
		for key, value := range v {
			name, _ := key.(string)
			if s, ok := value.(string); ok && secretKeys[name] && s != "" {
				return true
			}
			if findSecret(value) {
				return true
			}
		}
	case []any:
		for _, item := range v {
			if findSecret(item) {
				return true
			}
		}
	}
	return false
}
