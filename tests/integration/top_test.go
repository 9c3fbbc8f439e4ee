package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// tmux is a private tmux server (its own socket) with one 80x24 window.
type tmux struct {
	t    *testing.T
	sock string
}

func newTmux(t *testing.T, command string) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("needs tmux")
	}
	x := &tmux{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	x.run("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", command)
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", x.sock, "kill-server").Run() })
	return x
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.sock}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (x *tmux) keys(k ...string) { x.run(append([]string{"send-keys", "-t", "0"}, k...)...) }

func (x *tmux) screen() string { return x.run("capture-pane", "-p", "-t", "0") }

func (x *tmux) format(f string) string {
	return strings.TrimSpace(x.run("display-message", "-p", "-t", "0", f))
}

// waitFor waits (up to 20 s) until the screen matches re, and returns it.
func (x *tmux) waitFor(re string) string {
	x.t.Helper()
	r := regexp.MustCompile(re)
	var s string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if s = x.screen(); r.MatchString(s) {
			return s
		}
	}
	x.t.Fatalf("screen never matched %q:\n%s", re, s)
	return ""
}

// order returns the names of the container rows in screen order.
func order(screen string) []string {
	var names []string
	for _, l := range strings.Split(screen, "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "obs-top") {
			names = append(names, f[0])
		}
	}
	return names
}

func TestTopInTmux(t *testing.T) {
	e := newEnv(t)
	hog := testrootfs.Bundle(t, all(withMemory(128<<20), withArgs("/bin/payload", "memspin", "32", "inf")))
	idle := testrootfs.Bundle(t, withArgs("/bin/payload", "sleep", "3600"))
	mid := testrootfs.Bundle(t, withArgs("/bin/payload", "memhog", "12", "3600"))
	e.ok("run", "-d", "-b", hog, "obs-top1")
	e.ok("run", "-d", "-b", idle, "obs-top2")
	e.ok("run", "-d", "-b", mid, "obs-top3")

	x := newTmux(t, cellBin+" --root "+e.root+" top --interval 300ms; echo TOP-EXIT=$?; exec sleep 3600")
	x.waitFor(`(?s)obs-top1.*obs-top2.*|obs-top2.*obs-top1`)
	x.waitFor(`obs-top3 .*1[23]\.\dMiB`)
	if x.format("#{alternate_on}") != "1" {
		t.Error("top does not use the alternate screen")
	}

	x.keys("s") // by memory
	s := x.waitFor(`sort: mem`)
	if got := order(s); strings.Join(got, " ") != "obs-top1 obs-top3 obs-top2" {
		t.Errorf("sorted by memory: %v\n%s", got, s)
	}
	x.keys("s", "s") // pids, then name
	x.waitFor(`sort: name`)
	x.keys("r")
	s = x.waitFor(`sort: name, reversed`)
	if got := order(s); strings.Join(got, " ") != "obs-top3 obs-top2 obs-top1" {
		t.Errorf("sorted by name, reversed: %v\n%s", got, s)
	}

	// The selection starts on the busiest container (obs-top1, now last).
	x.keys("Up", "p")
	s = x.waitFor(`obs-top2 .* paused`)
	if os.Getenv("CELL_TOP_CAPTURE") != "" {
		t.Logf("capture:\n%s", s)
	}
	if !strings.Contains(e.ok("state", "obs-top2"), `"paused"`) {
		t.Error("p did not pause obs-top2")
	}
	x.keys("p")
	x.waitFor(`resumed obs-top2`)
	if !strings.Contains(e.ok("state", "obs-top2"), `"running"`) {
		t.Error("p did not resume obs-top2")
	}

	x.keys("Up", "x")
	x.waitFor(`kill obs-top3 with SIGKILL\? \(y/n\)`)
	x.keys("y")
	x.waitFor(`killed obs-top3`)
	s = x.waitFor(`2 containers`)
	if strings.Contains(s, "obs-top3 ") {
		t.Errorf("killed container still listed:\n%s", s)
	}

	x.keys("q")
	x.waitFor(`TOP-EXIT=0`)
	checkSane(t, x)
}

// ctrl-c quits too, and the terminal is left as it was.
func TestTopQuitsOnCtrlC(t *testing.T) {
	e := newEnv(t)
	x := newTmux(t, cellBin+" --root "+e.root+" top; echo TOP-EXIT=$?; exec sleep 3600")
	x.waitFor(`no running containers`)
	x.keys("C-c")
	x.waitFor(`TOP-EXIT=0`)
	checkSane(t, x)
}

// checkSane checks the pane is back on the main screen with a visible
// cursor, and its tty is in cooked mode with echo.
func checkSane(t *testing.T, x *tmux) {
	t.Helper()
	if x.format("#{alternate_on}") != "0" || x.format("#{cursor_flag}") != "1" {
		t.Errorf("after quitting: alternate screen %s, cursor shown %s",
			x.format("#{alternate_on}"), x.format("#{cursor_flag}"))
	}
	out, err := exec.Command("stty", "-F", x.format("#{pane_tty}"), "-a").CombinedOutput()
	if err != nil {
		t.Fatalf("stty: %v: %s", err, out)
	}
	for _, mode := range []string{"icanon", "echo", "isig", "icrnl", "opost"} {
		if !regexp.MustCompile(`(^|\s)` + mode + `(\s|$)`).Match(out) {
			t.Errorf("tty mode %s is off after quitting:\n%s", mode, out)
		}
	}
}

// Without a terminal, top says so and fails.
func TestTopNeedsATerminal(t *testing.T) {
	e := newEnv(t)
	if _, errs, code := e.cell("top"); code == 0 || !strings.Contains(errs, "terminal") {
		t.Errorf("top without a tty: exit %d, stderr %q", code, errs)
	}
}
