package integration

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestShimCompat checks the answers containerd's runc shim relies on, as
// runc gives them.
func TestShimCompat(t *testing.T) {
	e := newEnv(t)
	t.Run("delete --force of a missing container succeeds", func(t *testing.T) {
		if out, errs, code := e.cell("delete", "--force", "eng-none"); code != 0 {
			t.Errorf("exit %d: %s%s", code, out, errs)
		}
		if _, errs, code := e.cell("delete", "eng-none"); code == 0 || !strings.Contains(errs, "does not exist") {
			t.Errorf("delete without --force: exit %d, %q", code, errs)
		}
	})
	t.Run("delete --force removes a directory without state", func(t *testing.T) {
		if err := os.Mkdir(filepath.Join(e.root, "eng-half"), 0o711); err != nil {
			t.Fatal(err)
		}
		e.ok("delete", "--force", "eng-half")
		if _, err := os.Stat(filepath.Join(e.root, "eng-half")); !os.IsNotExist(err) {
			t.Errorf("eng-half left: %v", err)
		}
	})
	t.Run("kill of a stopped container", func(t *testing.T) {
		b := testrootfs.Bundle(t, args("/bin/payload", "true"))
		e.ok("run", "-d", "-b", b, "eng-stopped")
		waitStatus(t, e, "eng-stopped", "stopped")
		if _, errs, code := e.cell("kill", "eng-stopped", "9"); code == 0 || !strings.Contains(errs, "container not running") {
			t.Errorf("kill: exit %d, %q; want runc's \"container not running\"", code, errs)
		}
		e.ok("kill", "--all", "eng-stopped", "9")
		e.ok("delete", "eng-stopped")
		assertGone(t, e, "eng-stopped")
	})
	t.Run("update --resources", func(t *testing.T) {
		b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
		e.ok("run", "-d", "-b", b, "eng-upd")
		res := filepath.Join(t.TempDir(), "r.json")
		if err := os.WriteFile(res, []byte(`{"pids":{"limit":33}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		e.ok("update", "--resources", res, "eng-upd")
		if got, _ := os.ReadFile("/sys/fs/cgroup/pids/cell-eng-upd/pids.max"); strings.TrimSpace(string(got)) != "33" {
			t.Errorf("pids.max after update: %q, want 33", got)
		}
		e.ok("delete", "--force", "eng-upd")
		if _, errs, code := e.cell("update", "--resources", res, "eng-upd"); code == 0 || !strings.Contains(errs, "does not exist") {
			t.Errorf("update of a deleted container: exit %d, %q", code, errs)
		}
	})
	t.Run("exec relays signals to its process", func(t *testing.T) {
		b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
		e.ok("run", "-d", "-b", b, "eng-sig")
		cmd := exec.Command(cellBin, "--root", e.root, "exec", "eng-sig", "/bin/payload", "sigwait")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(out)
		if line, _ := r.ReadString('\n'); line != "ready\n" {
			t.Fatalf("sigwait said %q", line)
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		rest, _ := io.ReadAll(r)
		if err := cmd.Wait(); err != nil || !strings.Contains(string(rest), "SIGTERM") {
			t.Errorf("after SIGTERM to cell exec: %v, process said %q", err, rest)
		}
		e.ok("delete", "--force", "eng-sig")
	})
	t.Run("json log holds the error", func(t *testing.T) {
		b := testrootfs.Bundle(t, args("/bin/nosuch"))
		log := filepath.Join(t.TempDir(), "log.json")
		_, _, code := e.cell("--log", log, "--log-format", "json", "run", "-b", b, "eng-badlog")
		data, _ := os.ReadFile(log)
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		var last struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || code == 0 {
			t.Fatalf("exit %d, log %q: %v", code, data, err)
		}
		if last.Level != "error" || !strings.Contains(last.Msg, "/bin/nosuch") {
			t.Errorf("last log line %+v; want an error naming /bin/nosuch", last)
		}
		assertGone(t, e, "eng-badlog")
	})
}

// waitStatus polls `cell state` until id has status (at most 10s).
func waitStatus(t *testing.T, e *env, id, status string) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if strings.Contains(e.ok("state", id), `"status": "`+status+`"`) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never became %s", id, status)
}
