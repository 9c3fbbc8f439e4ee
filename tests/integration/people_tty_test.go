package integration

import (
	"os/exec"
	"strings"
	"testing"
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
