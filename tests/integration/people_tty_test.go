package integration

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/internal/console"
)

func TestPeopleTerminal(t *testing.T) {
	e := newEnv(t)
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("needs script(1) from util-linux for a terminal")
	}
	line := cellBin + " --root " + e.root + ` run -t --rm --net none -- sh -c 'tty; test -t 1 && echo out-is-tty; exit 3'`
	cmd := exec.Command(script, "-qfec", line, "/dev/null")
	out, err := cmd.Output()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 3 {
		t.Fatalf("run -t under script: %v, want exit 3 (%q)", err, out)
	}
	if s := string(out); !strings.Contains(s, "/dev/pts/0") || !strings.Contains(s, "out-is-tty") {
		t.Errorf("run -t: want the process on the container's pty:\n%q", s)
	}
	assertEmptyRoot(t, e)
}

// TestPeopleTerminalRelay: `cell run -it` relays the person's terminal as
// `cell run -t` of a bundle does: raw mode, window size and its changes,
// the exit status, the mode restored.
func TestPeopleTerminalRelay(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	tm := e.startOnTerm(console.Size{Rows: 30, Cols: 100}, "run", "-it", "--rm", "--net", "none", "--", "sh")
	checkShellOnTerminal(t, tm, tm.termios(), "/dev/pts/0")
	assertEmptyRoot(t, e)
}

// TestPeopleTerminalDetached: with -t -d, as in docker, what the process
// writes to its terminal goes to the log.
func TestPeopleTerminalDetached(t *testing.T) {
	e := newEnv(t)
	e.people("-d", "-t", "--name", "rl-ttyd", "--", "sh", "-c", "tty; test -t 1 && echo out-is-tty")
	out := e.ok("logs", "-f", "rl-ttyd")
	if !strings.Contains(out, "/dev/pts/0") || !strings.Contains(out, "out-is-tty") {
		t.Errorf("logs of a -t -d container: want its terminal's output:\n%q", out)
	}
	e.ok("rm", "rl-ttyd")
	e.people("-d", "-t", "--rm", "--name", "rl-ttyd2", "--", "true")
	if !eventually(func() bool { ents, _ := os.ReadDir(e.root); return len(ents) == 0 }) {
		assertEmptyRoot(t, e)
	}
}
