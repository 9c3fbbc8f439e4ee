package integration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nestedRun is `cell run` two levels deep inside a container that has
// the cell binary at /cell: a middle container (privileged in a private
// user namespace, so that it may make namespaces) and, in it, one more.
const nestedRun = `/cell run --rm --net none --userns private --privileged -v /cell:/cell:ro -- ` +
	`/cell run --rm --net none -- sh -c 'echo nested; id -u; cat /proc/self/uid_map'`

// TestNested runs cell inside a container made by root with a private
// user namespace: each level's user namespace takes part of its parent's
// ids, and the inner levels, unable to make cgroups, run without.
func TestNested(t *testing.T) {
	e := newEnv(t)
	for _, d := range []string{e.root, filepath.Dir(e.root), filepath.Dir(cellBin)} {
		if err := os.Chmod(d, 0o711); err != nil {
			t.Fatal(err)
		}
	}
	out := e.people("--rm", "--userns", "private", "--privileged", "-v", cellBin+":/cell:ro", "--", "sh", "-c",
		"/cell run --rm --net none -- sh -c 'echo nested; id -u'; "+nestedRun)
	if f := strings.Fields(out); len(f) != 7 || f[0] != "nested" || f[1] != "0" || f[2] != "nested" || f[3] != "0" || f[4] != "0" || f[5] == "0" {
		t.Fatalf("want root one and two levels deep:\n%s", out)
	}
	// Without --privileged the outer container may not make namespaces.
	_, errs, code := e.cell("run", "--net", "none", "--rm", "--userns", "private", "-v", cellBin+":/cell:ro", "--",
		"/cell", "run", "--rm", "--net", "none", "--", "true")
	if code == 0 || !strings.Contains(errs, "--privileged") {
		t.Errorf("nested run in an unprivileged container: exit %d, %q; want a hint at --privileged", code, errs)
	}
	assertEmptyRoot(t, e)
}

// TestRootlessNested runs cell inside a container rl-user made.
func TestRootlessNested(t *testing.T) {
	u := newRootless(t)
	out := u.ok(`$CELL run --rm --privileged -v "$CELL:/cell:ro" -- sh -c "` +
		`/cell run --rm --net none -- sh -c 'echo nested; id -u'; ` + nestedRun + `"`)
	if f := strings.Fields(out); len(f) != 7 || f[0] != "nested" || f[1] != "0" || f[2] != "nested" || f[3] != "0" {
		t.Fatalf("want root one and two levels deep:\n%s", out)
	}
	if left := u.entries(); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}
