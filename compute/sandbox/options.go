package sandbox

import (
	"fmt"
	"io"
	"path"
	"strconv"
	"time"
)

// Options configures a sandbox. The zero value is a usable sandbox with a temporary state
// directory, random loopback ports, Nova's default limits and no injected faults.
type Options struct {
	// StateDir holds sandbox.db; "" means a fresh temporary directory removed on Close.
	StateDir string
	// IdentityAddr is the Keystone listen address, default "127.0.0.1:0".
	IdentityAddr string
	// ComputeAddr is the Nova listen address, default "127.0.0.1:0".
	ComputeAddr string
	// BuildTime is how long BUILD lasts (default 2s); other transitions are scaled from it.
	BuildTime time.Duration
	// Limits are the absolute limits published at GET /limits and enforced;
	// the zero value means DefaultLimits.
	Limits Limits
	// Latency is added to every request.
	Latency time.Duration
	// FailRate is the fraction of requests answered 503.
	FailRate float64
	// RateLimitEvery answers every Nth request 429 with Retry-After (0 means never).
	RateLimitEvery int
	// RetryAfter is the value sent in Retry-After, in seconds rounded up.
	RetryAfter time.Duration
	// TokenTTL is the token lifetime (default 1h).
	TokenTTL time.Duration
	// FailBuilds is a glob (path.Match syntax); servers whose name matches end in ERROR.
	FailBuilds string
	// Log receives one line per request (start time, method, path, status, duration),
	// never a token or a password.
	Log io.Writer
	// OnRequest is called for every request after it has been answered.
	OnRequest func(Recorded)

	// now replaces the clock in tests, so that transitions need no sleeping.
	now func() time.Time
}

// Recorded describes one answered request, as passed to Options.OnRequest.
type Recorded struct {
	Method string
	Path   string
	Query  string
	Body   []byte
	Status int
}

// Limits are the absolute limits of the sandbox project, named as in GET /limits.
type Limits struct {
	MaxTotalInstances     int
	MaxTotalCores         int
	MaxTotalRAMSize       int
	MaxServerMeta         int
	MaxImageMeta          int
	MaxPersonality        int
	MaxPersonalitySize    int
	MaxTotalKeypairs      int
	MaxServerGroups       int
	MaxServerGroupMembers int
	MaxTotalFloatingIps   int
	MaxSecurityGroups     int
	MaxSecurityGroupRules int
}

// DefaultLimits returns the limits the book suggests (50 GB of RAM, 5 metadata items per
// server and image, 5 personality files of at most 10 KiB) and room for 100 servers.
func DefaultLimits() Limits {
	return Limits{
		MaxTotalInstances:     100,
		MaxTotalCores:         200,
		MaxTotalRAMSize:       51200,
		MaxServerMeta:         5,
		MaxImageMeta:          5,
		MaxPersonality:        5,
		MaxPersonalitySize:    10240,
		MaxTotalKeypairs:      100,
		MaxServerGroups:       10,
		MaxServerGroupMembers: 10,
		MaxTotalFloatingIps:   -1,
		MaxSecurityGroups:     -1,
		MaxSecurityGroupRules: -1,
	}
}

const (
	defaultBuildTime = 2 * time.Second
	defaultTokenTTL  = time.Hour
	defaultAddr      = "127.0.0.1:0"
)

// withDefaults fills in every unset option.
func (o Options) withDefaults() Options {
	if o.IdentityAddr == "" {
		o.IdentityAddr = defaultAddr
	}
	if o.ComputeAddr == "" {
		o.ComputeAddr = defaultAddr
	}
	if o.BuildTime <= 0 {
		o.BuildTime = defaultBuildTime
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = defaultTokenTTL
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits()
	}
	return o
}

// validate reports options that cannot work.
func (o Options) validate() error {
	if o.FailRate < 0 || o.FailRate > 1 {
		return fmt.Errorf("sandbox options: fail rate %v is not between 0 and 1", o.FailRate)
	}
	if o.RateLimitEvery < 0 {
		return fmt.Errorf("sandbox options: rate limit every %d is negative", o.RateLimitEvery)
	}
	if o.Latency < 0 || o.RetryAfter < 0 {
		return fmt.Errorf("sandbox options: negative duration")
	}
	if _, err := path.Match(o.FailBuilds, ""); err != nil {
		return fmt.Errorf("sandbox options: fail builds pattern %q: %w", o.FailBuilds, err)
	}
	return nil
}

// OptionsFromEnv reads NOVALUA_SANDBOX_LATENCY, _BUILD_TIME, _FAIL_RATE, _RATE_LIMIT_EVERY,
// _RETRY_AFTER, _TOKEN_TTL, _FAIL_BUILDS and _STATE through getenv. Durations use Go's
// syntax ("50ms"); a bad value is an error naming the variable.
func OptionsFromEnv(getenv func(string) string) (Options, error) {
	var o Options
	durations := []struct {
		name string
		dst  *time.Duration
	}{
		{"NOVALUA_SANDBOX_LATENCY", &o.Latency},
		{"NOVALUA_SANDBOX_BUILD_TIME", &o.BuildTime},
		{"NOVALUA_SANDBOX_RETRY_AFTER", &o.RetryAfter},
		{"NOVALUA_SANDBOX_TOKEN_TTL", &o.TokenTTL},
	}
	for _, d := range durations {
		if err := envDuration(getenv, d.name, d.dst); err != nil {
			return Options{}, err
		}
	}

	if err := envFailRate(getenv, &o.FailRate); err != nil {
		return Options{}, err
	}
	if err := envRateLimit(getenv, &o.RateLimitEvery); err != nil {
		return Options{}, err
	}

	o.FailBuilds = getenv("NOVALUA_SANDBOX_FAIL_BUILDS")
	if _, err := path.Match(o.FailBuilds, ""); err != nil {
		return Options{}, fmt.Errorf("NOVALUA_SANDBOX_FAIL_BUILDS: bad pattern %q: %w",
			o.FailBuilds, err)
	}
	o.StateDir = getenv("NOVALUA_SANDBOX_STATE")
	return o, nil
}

func envDuration(getenv func(string) string, name string, dst *time.Duration) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("%s: %q is not a duration like 50ms or 2s", name, v)
	}
	if d < 0 {
		return fmt.Errorf("%s: %q is negative", name, v)
	}
	*dst = d
	return nil
}

func envFailRate(getenv func(string) string, dst *float64) error {
	v := getenv("NOVALUA_SANDBOX_FAIL_RATE")
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1 {
		return fmt.Errorf("NOVALUA_SANDBOX_FAIL_RATE: %q is not a number from 0 to 1", v)
	}
	*dst = f
	return nil
}

func envRateLimit(getenv func(string) string, dst *int) error {
	v := getenv("NOVALUA_SANDBOX_RATE_LIMIT_EVERY")
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fmt.Errorf("NOVALUA_SANDBOX_RATE_LIMIT_EVERY: %q is not a whole number >= 0", v)
	}
	*dst = n
	return nil
}
