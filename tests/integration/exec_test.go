package integration

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

func TestExecJoinsTheContainer(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "ex")
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", "ex")), &st); err != nil {
		t.Fatal(err)
	}
	var inside map[string]string
	if err := json.Unmarshal([]byte(e.ok("exec", "ex", "/bin/payload", "ns")), &inside); err != nil {
		t.Fatal(err)
	}
	for _, ns := range []string{"pid", "net", "ipc", "uts", "mnt"} {
		init, _ := os.Readlink("/proc/" + itoa(st.Pid) + "/ns/" + ns)
		if inside[ns] != init {
			t.Errorf("exec's %s namespace %q, init's %q", ns, inside[ns], init)
		}
	}
	if out := e.ok("exec", "ex", "/bin/payload", "hostname"); !strings.Contains(out, "cell") {
		t.Errorf("hostname in exec: %q", out)
	}
	if _, _, code := e.cell("exec", "ex", "/bin/payload", "exit", "5"); code != 5 {
		t.Errorf("exec exit status %d, want 5", code)
	}
	if out := e.ok("exec", "-u", "1000:1000", "ex", "/bin/payload", "id"); !strings.Contains(out, "uid=1000 gid=1000") {
		t.Errorf("exec -u 1000:1000: %q", out)
	}
	if _, errs, code := e.cell("exec", "-u", "1000:1000abc", "ex", "/bin/payload", "id"); code == 0 || !strings.Contains(errs, "--user") {
		t.Errorf("exec -u 1000:1000abc: exit %d, %q", code, errs)
	}
	e.ok("delete", "--force", "ex")
	assertGone(t, e, "ex")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
