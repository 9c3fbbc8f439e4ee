package engines

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// startDaemon starts argv in sandbox sb with its output in dir/NAME.log,
// waits for socket to appear, and stops it at the end of the test (SIGTERM,
// then SIGKILL), killing what it left running below dir (shims, conmon).
func startDaemon(t *testing.T, sb *sandbox, dir, socket string, env []string, argv ...string) {
	t.Helper()
	logPath := filepath.Join(dir, filepath.Base(argv[0])+".log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	wrapped := sb.wrap(argv...)
	cmd := exec.Command(wrapped[0], wrapped[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", argv[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logf.Close() }()
	t.Cleanup(func() {
		stopDaemon(t, cmd, exited)
		killUnder(dir)
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("%s log (last 3000 bytes):\n%s", argv[0], tail(string(b), 3000))
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(socket); err == nil {
			return
		}
		select {
		case err := <-exited:
			exited <- err
			b, _ := os.ReadFile(logPath)
			t.Fatalf("%s exited before listening: %v\n%s", argv[0], err, tail(string(b), 3000))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no socket %s after 60s", argv[0], socket)
		}
	}
}

func stopDaemon(t *testing.T, cmd *exec.Cmd, exited chan error) {
	_ = cmd.Process.Signal(unix.SIGTERM)
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		t.Errorf("%s did not stop on SIGTERM within 20s; killing it", cmd.Path)
		_ = cmd.Process.Kill()
		<-exited
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// killUnder kills the processes whose command line names dir: what an
// engine started and left behind (its shims, conmon).
func killUnder(dir string) {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(b), dir) {
			_ = unix.Kill(pid, unix.SIGKILL)
		}
	}
}
