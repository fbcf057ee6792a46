package runtime

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/novalua/novalua/compute/sandbox"
)

func init() {
	commands["sandbox"] = sandboxCommand
}

const sandboxUsage = "usage: novalua sandbox serve [--listen ADDR,ADDR] [--state DIR] " +
	"[fault options]\n" +
	"       novalua sandbox reset [--state DIR]\n" +
	"       novalua sandbox --help\n"

const sandboxHelp = `novalua sandbox runs or empties the sandbox cloud that scripts use when no
cloud is configured.

` + sandboxUsage + `
serve runs the sandbox as a service on loopback until Ctrl-C, then exits 0.
It answers Keystone (POST /v2.0/tokens as in the book, and /v3) on the first
address and Nova (/v1.1/openstack as in the book, and /v2.1) on the second,
and logs one line per request on stderr (time, method, path, status,
duration; never a token). Log in as joe, password shhh, project openstack.

reset deletes every server, snapshot and metadata item and brings back the
seed images; a sandbox running on the same state sees the change at once.

options:
  --listen ID,COMPUTE     loopback addresses of Keystone and Nova
                          (default 127.0.0.1:5000,127.0.0.1:8774; port 0 picks one)
  --state DIR             the state directory (default: $NOVALUA_SANDBOX_STATE,
                          else $XDG_STATE_HOME/novalua/sandbox)
  --build-time D          how long a server stays in BUILD (default 2s)
  --latency D             add D to every request
  --fail-rate F           answer a fraction F (0 to 1) of requests with 503
  --rate-limit-every N    answer every Nth request with 429 and Retry-After
  --retry-after D         the Retry-After of those 429s (rounded up to seconds)
  --token-ttl D           tokens expire after D (default 1h)
  --fail-builds GLOB      servers whose name matches GLOB end in ERROR
  -h, --help              show this help

Durations are written like 50ms, 2s or 1m. Unset options of serve take their
value from NOVALUA_SANDBOX_BUILD_TIME, _LATENCY, _FAIL_RATE,
_RATE_LIMIT_EVERY, _RETRY_AFTER, _TOKEN_TTL and _FAIL_BUILDS, which also
configure the sandbox that scripts start themselves.
`

// defaultListen are the book's ports: Keystone on 5000, Nova on 8774.
const defaultListen = "127.0.0.1:5000,127.0.0.1:8774"

// sandboxSettings is what "novalua sandbox serve|reset" was asked to do.
type sandboxSettings struct {
	command           string
	state             string
	identity, compute string
	options           []optionValue // applied over the NOVALUA_SANDBOX_* variables
	help              bool
}

// optionValue is one option of serve that sets a field of sandbox.Options.
type optionValue struct {
	set   optionSetter
	value string
}

// optionSetter sets one field of the options from its command-line value.
type optionSetter func(o *sandbox.Options, value string) error

// serveOptionFlags are the options of serve besides --listen and --state.
var serveOptionFlags = map[string]optionSetter{
	"--build-time": durationOption(func(o *sandbox.Options) *time.Duration {
		return &o.BuildTime
	}),
	"--latency": durationOption(func(o *sandbox.Options) *time.Duration {
		return &o.Latency
	}),
	"--retry-after": durationOption(func(o *sandbox.Options) *time.Duration {
		return &o.RetryAfter
	}),
	"--token-ttl": durationOption(func(o *sandbox.Options) *time.Duration {
		return &o.TokenTTL
	}),
	"--fail-rate":        setFailRate,
	"--rate-limit-every": setRateLimit,
	"--fail-builds":      setFailBuilds,
}

// sandboxCommand runs "novalua sandbox"; args are the words after "sandbox".
func sandboxCommand(ctx context.Context, io IO, args []string) int {
	if len(args) == 0 {
		return sandboxUsageError(io, usagef("sandbox: say serve or reset"))
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(io.Stdout, sandboxHelp)
		return ExitOK
	case "serve", "reset":
	default:
		return sandboxUsageError(io, usagef("sandbox: unknown command %q", args[0]))
	}

	s, err := parseSandboxArgs(args[0], args[1:])
	switch {
	case err != nil:
		return sandboxUsageError(io, err)
	case s.help:
		fmt.Fprint(io.Stdout, sandboxHelp)
		return ExitOK
	case s.command == "reset":
		return report(io, sandboxReset(io, s))
	}
	err = sandboxServe(ctx, io, s)
	code := report(io, err)
	if errors.Is(err, syscall.EADDRINUSE) {
		fmt.Fprintln(io.Stderr, "novalua: hint: another program listens there; choose "+
			"other ports with --listen (port 0 picks a free one)")
	}
	return code
}

// sandboxUsageError reports a mistake on the command line with the
// sandbox command's own usage.
func sandboxUsageError(io IO, err error) int {
	fmt.Fprintf(io.Stderr, "novalua: %s\n%s", err, sandboxUsage)
	return ExitUsage
}

// parseSandboxArgs reads the options after "sandbox serve" or "sandbox
// reset", each as --name value or --name=value.
func parseSandboxArgs(command string, args []string) (sandboxSettings, error) {
	s := sandboxSettings{command: command}
	s.identity, s.compute, _ = parseListen(defaultListen)
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "-h" || arg == "--help" {
			s.help = true
			continue
		}
		name, value, hasValue := strings.Cut(arg, "=")
		if !s.knows(name) {
			if strings.HasPrefix(arg, "-") {
				return s, usagef("sandbox %s: unknown option %s", command, name)
			}
			return s, usagef("sandbox %s: unexpected argument %q", command, arg)
		}
		if !hasValue {
			if i+1 >= len(args) {
				return s, usagef("sandbox %s: %s needs a value", command, name)
			}
			i++
			value = args[i]
		}
		if err := s.set(name, value); err != nil {
			return s, usagef("sandbox %s: %s: %v", command, name, err)
		}
	}
	return s, nil
}

// knows reports whether the command takes the option: reset takes --state only.
func (s *sandboxSettings) knows(name string) bool {
	if name == "--state" {
		return true
	}
	if s.command != "serve" {
		return false
	}
	_, ok := serveOptionFlags[name]
	return ok || name == "--listen"
}

// set checks an option's value and records it.
func (s *sandboxSettings) set(name, value string) error {
	switch name {
	case "--state":
		if value == "" {
			return fmt.Errorf("the directory is empty")
		}
		s.state = value
		return nil
	case "--listen":
		var err error
		s.identity, s.compute, err = parseListen(value)
		return err
	}

	setter := serveOptionFlags[name]
	if err := setter(&sandbox.Options{}, value); err != nil {
		return err
	}
	s.options = append(s.options, optionValue{set: setter, value: value})
	return nil
}

func durationOption(field func(*sandbox.Options) *time.Duration) optionSetter {
	return func(o *sandbox.Options, value string) error {
		d, err := time.ParseDuration(value)
		if err != nil || d < 0 {
			return fmt.Errorf("%q is not a duration like 50ms or 2s", value)
		}
		*field(o) = d
		return nil
	}
}

func setFailRate(o *sandbox.Options, value string) error {
	f, err := strconv.ParseFloat(value, 64)
	if err != nil || f < 0 || f > 1 {
		return fmt.Errorf("%q is not a number from 0 to 1", value)
	}
	o.FailRate = f
	return nil
}

func setRateLimit(o *sandbox.Options, value string) error {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 {
		return fmt.Errorf("%q is not a whole number >= 0", value)
	}
	o.RateLimitEvery = n
	return nil
}

func setFailBuilds(o *sandbox.Options, value string) error {
	if _, err := path.Match(value, ""); err != nil {
		return fmt.Errorf("bad pattern %q: %w", value, err)
	}
	o.FailBuilds = value
	return nil
}

// sandboxStateFor picks the state directory: --state, then
// NOVALUA_SANDBOX_STATE, then the default, as scripts do.
func sandboxStateFor(s sandboxSettings, getenv func(string) string) string {
	if s.state != "" {
		return s.state
	}
	if dir := getenv("NOVALUA_SANDBOX_STATE"); dir != "" {
		return dir
	}
	return sandbox.DefaultStateDir(getenv)
}

func sandboxReset(io IO, s sandboxSettings) error {
	dir := sandboxStateFor(s, io.Getenv)
	if err := sandbox.Reset(dir); err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "sandbox state in %s reset\n", dir)
	return nil
}

// sandboxServe runs the sandbox until ctx is cancelled, as by Ctrl-C.
func sandboxServe(ctx context.Context, io IO, s sandboxSettings) error {
	opts, err := sandbox.OptionsFromEnv(io.Getenv)
	if err != nil {
		return fmt.Errorf("sandbox serve: %w", err)
	}
	for _, o := range s.options {
		if err := o.set(&opts, o.value); err != nil {
			return fmt.Errorf("sandbox serve: %w", err)
		}
	}
	opts.StateDir = sandboxStateFor(s, io.Getenv)
	opts.IdentityAddr, opts.ComputeAddr = s.identity, s.compute
	opts.Log = io.Stderr

	fmt.Fprintf(io.Stderr, "sandbox state=%s\n", opts.StateDir)
	if err := sandbox.Serve(ctx, opts); err != nil {
		return fmt.Errorf("sandbox serve: %w", err)
	}
	fmt.Fprintln(io.Stderr, "sandbox stopped")
	return nil
}

// parseListen splits "IDENTITY,COMPUTE" and insists on loopback hosts: the
// sandbox's password is in the book, so it must not be reachable from
// other machines.
func parseListen(value string) (identity, compute string, err error) {
	identity, compute, ok := strings.Cut(value, ",")
	if !ok || strings.Contains(compute, ",") {
		return "", "", fmt.Errorf("%q is not two addresses like %s", value, defaultListen)
	}
	for _, addr := range []string{identity, compute} {
		if err := checkLoopback(addr); err != nil {
			return "", "", err
		}
	}
	return identity, compute, nil
}

func checkLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not an address like 127.0.0.1:5000", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: port %q is not a number from 0 to 65535", addr, port)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%q is not a loopback address; the sandbox serves 127.0.0.1 "+
			"or ::1 only", addr)
	}
	return nil
}
