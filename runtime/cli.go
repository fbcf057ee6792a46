package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/novalua/novalua/bindings"
)

// settings is what the command line asked for.
type settings struct {
	cloud        string
	sandboxState string
	debug        bool
	noTokenCache bool
	interactive  bool     // -i: open the REPL after the script
	chunks       []string // -e code, in order
	script       string   // a path, "-" for stdin, "" for none
	scriptArgs   []string
	help         bool
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// parseArgs reads options up to the first argument that is not one: that is
// the script, and everything after it belongs to the script.
func parseArgs(args []string) (settings, error) {
	var s settings
	for i := 0; i < len(args); i++ {
		arg := args[i]
		value := func() (string, error) {
			if name, v, ok := strings.Cut(arg, "="); ok && strings.HasPrefix(name, "--") {
				return v, nil
			}
			if i+1 >= len(args) {
				return "", usagef("%s needs a value", arg)
			}
			i++
			return args[i], nil
		}
		var err error
		switch name, _, _ := strings.Cut(arg, "="); name {
		case "-h", "--help":
			s.help = true
		case "--os-cloud":
			s.cloud, err = value()
		case "--sandbox-state":
			s.sandboxState, err = value()
		case "--debug":
			s.debug = true
		case "--no-token-cache":
			s.noTokenCache = true
		case "-i":
			s.interactive = true
		case "-e":
			var chunk string
			chunk, err = value()
			s.chunks = append(s.chunks, chunk)
		case "--":
			return s.withScript(args[i+1:]), nil
		default:
			if arg == "" {
				return s, usagef("the script name is empty")
			}
			if strings.HasPrefix(arg, "-") && arg != "-" {
				return s, usagef("unknown option %s", arg)
			}
			return s.withScript(args[i:]), nil
		}
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

func (s settings) withScript(rest []string) settings {
	if len(rest) > 0 {
		s.script, s.scriptArgs = rest[0], rest[1:]
	}
	return s
}

// Main runs novalua with the given command line and returns its exit status.
func Main(ctx context.Context, io IO) int {
	in := watchInterrupts(io.Interrupts)
	defer in.stop()

	if len(io.Args) > 0 {
		if command, ok := commands[io.Args[0]]; ok {
			ctx, release := in.scope(ctx)
			defer release()
			return command(ctx, io, io.Args[1:])
		}
	}

	s, err := parseArgs(io.Args)
	if err != nil {
		return report(io, err)
	}
	if s.help {
		fmt.Fprint(io.Stdout, usage)
		return ExitOK
	}
	return report(io, run(ctx, io, s, in))
}

// run runs the chunks and the script, then the REPL when one is wanted.
// Ctrl-C stops the chunks and the script; the REPL handles it itself.
func run(ctx context.Context, io IO, s settings, in *interrupter) error {
	conn := newConnection(s, io)
	defer conn.Close()
	env := &bindings.Env{Connect: conn.Connect, Stdout: io.Stdout}
	scriptCtx, release := in.scope(ctx)
	defer release()
	L := newVM(scriptCtx, env, io.Stdout)
	defer L.Close()
	stopped, releaseExit := withScriptExit(scriptCtx, L)
	defer releaseExit()

	scriptName := s.script
	if scriptName == "" {
		scriptName = "novalua"
	}
	setArgs(L, scriptName, s.scriptArgs)

	for _, chunk := range s.chunks {
		if err := runChunk(L, []byte(chunk), "(command line)", nil); err != nil {
			return stopped(err)
		}
	}

	wantREPL := s.interactive || (s.script == "" && len(s.chunks) == 0 && io.StdinIsTerminal)
	script := s.script
	if script == "" && len(s.chunks) == 0 && !io.StdinIsTerminal {
		script = "-"
	}
	if script != "" {
		source, name, err := readScript(script, io.Stdin)
		if err != nil {
			return err
		}
		if err := runChunk(L, source, name, s.scriptArgs); err != nil {
			return stopped(err)
		}
	}
	if wantREPL {
		release()
		return startREPL(ctx, io, L, conn.Name(), in)
	}
	return nil
}

// startREPL opens the interactive prompt. It is a variable so that the REPL
// lives in its own file and tests can replace it.
var startREPL = runREPL

// report prints err as one line and returns the exit status it calls for.
func report(io IO, err error) int {
	if err == nil {
		return ExitOK
	}
	var usageErr *usageError
	var exit *exitStatus
	switch {
	case errors.As(err, &exit):
		return exit.code
	case errors.As(err, &usageErr):
		fmt.Fprintf(io.Stderr, "novalua: %s\n%s", err, shortUsage)
		return ExitUsage
	case errors.Is(err, errInterrupted) || errors.Is(err, context.Canceled):
		fmt.Fprintln(io.Stderr, "novalua: interrupted")
		return ExitInterrupted
	}
	fmt.Fprintf(io.Stderr, "novalua: %s\n", err)
	if hint := hintFor(err); hint != "" {
		fmt.Fprintf(io.Stderr, "novalua: hint: %s\n", hint)
	}
	return ExitFailure
}

// hintFor suggests a next step for failures a user often meets.
func hintFor(err error) string {
	text := err.Error()
	switch {
	case strings.Contains(text, "(401)"):
		return "check OS_CLOUD or the OS_* variables, and the credentials they name"
	case strings.Contains(text, "connection refused"):
		return "is the cloud's endpoint reachable from here?"
	}
	return ""
}

// commands are the subcommands, such as "jsonpp"; each gets the arguments
// after its name.
var commands = map[string]func(ctx context.Context, io IO, args []string) int{}

const shortUsage = "usage: novalua [options] [script.lua [args...]] (novalua --help for more)\n"

const usage = `novalua runs Lua scripts against an OpenStack Compute (Nova) cloud.

usage:
  novalua [options] script.lua [args...]   run a script; arg[0] is the script
  novalua [options] -e 'code' [-e ...]     run chunks of Lua
  novalua [options] -                      run a script read from stdin
  novalua [options] -i script.lua          run a script, then open the prompt
  novalua [options]                        open the prompt (or run stdin when it is a pipe)
  novalua jsonpp [options] [FILE...]       pretty-print JSON (novalua jsonpp --help)
  novalua sandbox serve|reset              run or empty the sandbox cloud (novalua sandbox --help)
  novalua stubs [DIR]                      write lua-language-server definitions

options:
  --os-cloud NAME        use cloud NAME from clouds.yaml (default: $OS_CLOUD)
  --sandbox-state DIR    keep the sandbox cloud's state in DIR
  --debug                print each HTTP request as a curl command on stderr
  --no-token-cache       do not reuse tokens across runs
  -h, --help             show this help

Without --os-cloud, OS_CLOUD or OS_AUTH_URL, scripts run against the built-in
sandbox cloud.

environment:
  OS_CLOUD, OS_CLIENT_CONFIG_FILE   the cloud in clouds.yaml, and where that file is
  OS_AUTH_URL, OS_USERNAME, ...     a cloud given by variables, as for the openstack CLI
  OS_TOKEN                          log in with an existing token
  OS_REGION_NAME, OS_INTERFACE      region, and public, internal or admin endpoints
  OS_COMPUTE_ENDPOINT               use this compute URL instead of the catalog's
  OS_CACERT, OS_CERT, OS_KEY        CA bundle, client certificate and key
  OS_INSECURE=true                  do not verify TLS certificates (warns on each run)
  NOVALUA_DEBUG=1                   like --debug
  NOVALUA_CONNECT_TIMEOUT, NOVALUA_TIMEOUT
                                    connect and per-request timeouts (15s, 120s)
  NOVALUA_SANDBOX_STATE             the sandbox's state directory
  NOVALUA_SANDBOX_*                 sandbox behaviour and faults (novalua sandbox --help)
`
