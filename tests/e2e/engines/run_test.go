package engines

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// run runs a client command with a time limit and returns its combined
// output and exit status (-1 when it could not run or timed out).
func run(t *testing.T, env []string, argv ...string) (string, int) {
	t.Helper()
	return runInput(t, env, "", argv...)
}

// runInput is run with input on the command's stdin.
func runInput(t *testing.T, env []string, input string, argv ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(input)
	cmd.WaitDelay = 5 * time.Second // detached containers may keep our pipes
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out) + "\n(timed out)", -1
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		return fmt.Sprintf("%s: %v", argv[0], err), -1
	}
	return string(out), 0
}

// ok is run that fails the test unless the command exits 0.
func ok(t *testing.T, env []string, argv ...string) string {
	t.Helper()
	out, code := run(t, env, argv...)
	if code != 0 {
		t.Fatalf("%s: exit %d:\n%s", strings.Join(argv, " "), code, out)
	}
	return out
}

// eventually retries cond for up to 20s.
func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	var last string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var done bool
		if done, last = cond(); done {
			return
		}
	}
	t.Fatalf("%s: still not so after 20s; last: %s", what, last)
}

// ranByCell fails t unless cell's state root holds container id, running:
// the engine really ran it with cell. (cell reads no pid from a runc
// state.json.)
func ranByCell(t *testing.T, root, id string) {
	t.Helper()
	if reference {
		return
	}
	out, code := run(t, nil, cellBin, "--root", root, "state", id)
	if code != 0 || !strings.Contains(out, `"status": "running"`) {
		t.Errorf("container %s is not running in cell's state root %s: %s", id, root, out)
	}
}
