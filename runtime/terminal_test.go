package runtime

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/require"
)

// runAsMain makes the test binary run novalua as main.go does, so that tests
// can drive the real program, signals and terminal included, through a
// pseudo-terminal.
const runAsMain = "NOVALUA_TEST_RUN_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsMain) == "1" {
		os.Exit(Main(context.Background(), ProcessIO()))
	}
	os.Exit(m.Run())
}

// waitLimit is how long a test waits for the screen to show something.
const waitLimit = 30 * time.Second

// terminal is novalua running on a pseudo-terminal, and what it has shown.
type terminal struct {
	t      *testing.T
	pty    *os.File
	mu     sync.Mutex
	output []byte
	seen   int // how much of the screen expect has gone past
	exited chan struct{}
	code   int
}

// startTerminal runs novalua on a new terminal 120 columns wide with only
// the environment given, plus a home and sandbox state of its own.
func startTerminal(t *testing.T, env map[string]string, args ...string) *terminal {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{runAsMain + "=1", "TERM=xterm", "HOME=" + home,
		"XDG_STATE_HOME=" + home + "/state", "XDG_CACHE_HOME=" + home + "/cache",
		"NOVALUA_SANDBOX_STATE=" + t.TempDir()}
	for name, value := range env {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	require.NoError(t, err)

	term := &terminal{t: t, pty: f, exited: make(chan struct{})}
	go term.read()
	go func() {
		err := cmd.Wait()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			term.code = exit.ExitCode()
		}
		close(term.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-term.exited:
		default:
			cmd.Process.Kill()
			<-term.exited
		}
		f.Close()
	})
	return term
}

func (term *terminal) read() {
	buf := make([]byte, 4096)
	for {
		n, err := term.pty.Read(buf)
		term.mu.Lock()
		term.output = append(term.output, buf[:n]...)
		term.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// send types keys: "\r" is Enter, "\t" Tab, "\x03" Ctrl-C, "\x04" Ctrl-D.
func (term *terminal) send(keys string) {
	term.t.Helper()
	_, err := term.pty.WriteString(keys)
	require.NoError(term.t, err)
}

var escapes = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// screen is what was written to the terminal as plain text: without
// escape sequences and carriage returns, and without an escape sequence
// that is still arriving.
func (term *terminal) screen() string {
	term.mu.Lock()
	text := string(term.output)
	term.mu.Unlock()
	if i := strings.LastIndexByte(text, '\x1b'); i >= 0 && !escapes.MatchString(text[i:]) {
		text = text[:i]
	}
	text = escapes.ReplaceAllString(text, "")
	return strings.ReplaceAll(text, "\r", "")
}

// expect waits until the screen shows want after what earlier calls found.
func (term *terminal) expect(want string) {
	term.t.Helper()
	term.expectWithin(want, waitLimit)
}

func (term *terminal) expectWithin(want string, limit time.Duration) {
	term.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		screen := term.screen()
		if i := strings.Index(screen[term.seen:], want); i >= 0 {
			term.seen += i + len(want)
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("after %s the screen does not show %q; it shows:\n%s", limit, want,
				screen[term.seen:])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// expectMatch waits until the screen matches pattern after what earlier
// calls found.
func (term *terminal) expectMatch(pattern string) {
	term.t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.Now().Add(waitLimit)
	for {
		screen := term.screen()
		if loc := re.FindStringIndex(screen[term.seen:]); loc != nil {
			term.seen += loc[1]
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen does not match %q; it shows:\n%s", pattern,
				screen[term.seen:])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// wait waits for novalua to exit and returns its status.
func (term *terminal) wait() int {
	term.t.Helper()
	select {
	case <-term.exited:
		return term.code
	case <-time.After(waitLimit):
		term.t.Fatalf("novalua did not exit; the screen shows:\n%s", term.screen()[term.seen:])
		return -1
	}
}
