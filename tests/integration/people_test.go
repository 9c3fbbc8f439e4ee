package integration

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// people runs `cell run --net none ARGS` (bridge networks are not wired in
// yet) and fails unless it exits 0.
func (e *env) people(args ...string) string {
	e.t.Helper()
	return e.ok(append([]string{"run", "--net", "none"}, args...)...)
}

// assertEmptyRoot fails unless nothing is left under the state root.
func assertEmptyRoot(t *testing.T, e *env) {
	t.Helper()
	ents, _ := os.ReadDir(e.root)
	if len(ents) != 0 {
		var names []string
		for _, x := range ents {
			names = append(names, x.Name())
		}
		t.Fatalf("left under the state root: %v", names)
	}
}

func TestPeopleDefaultRoot(t *testing.T) {
	e := newEnv(t)
	out := e.people("--rm", "--hostname", "pp-web", "--", "sh", "-c",
		`hostname; echo pid=$$; cat /etc/os-release; grep ' /usr ' /proc/self/mountinfo; touch /usr/pp-probe 2>/dev/null && echo usr-writable; touch /pp-probe && echo root-writable`)
	host, _ := os.ReadFile("/etc/os-release")
	for _, want := range []string{"pp-web\n", "pid=1\n", string(host), "root-writable"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "usr-writable") {
		t.Errorf("/usr is writable inside:\n%s", out)
	}
	if !strings.Contains(out, " /usr ro,") {
		t.Errorf("/usr is not a read-only mount:\n%s", out)
	}
	if _, err := os.Stat("/usr/pp-probe"); err == nil {
		t.Errorf("the container wrote the host's /usr")
	}
	assertEmptyRoot(t, e)
}

func TestPeopleProcessFlags(t *testing.T) {
	e := newEnv(t)
	envFile := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(envFile, []byte("# comment\nPP_FILE=from-file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := e.cell("run", "--net", "none", "--rm", "-e", "PP_A=1", "--env-file", envFile,
		"-w", "/tmp", "-u", "1000:1001", "--", "sh", "-c", `echo "$PP_A $PP_FILE"; pwd; id -u; id -g; exit 7`)
	if code != 7 {
		t.Fatalf("exit %d, want 7 (%s)", code, errs)
	}
	for _, want := range []string{"1 from-file\n", "/tmp\n", "1000\n1001\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	assertEmptyRoot(t, e)
}

func TestPeopleStdin(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		flags []string
		want  string
	}{{[]string{"-i"}, "pp-input"}, {nil, ""}} {
		cmd := exec.Command(cellBin, append(append([]string{"--root", e.root, "run", "--net", "none", "--rm"}, c.flags...), "--", "cat")...)
		cmd.Stdin = strings.NewReader("pp-input")
		out, err := cmd.Output()
		if err != nil || string(out) != c.want {
			t.Errorf("run %v cat: %q, %v; want %q", c.flags, out, err, c.want)
		}
	}
}

func TestPeopleKeepsStoppedWithoutRm(t *testing.T) {
	e := newEnv(t)
	e.people("--name", "pp-keep", "--", "true")
	if out := e.ok("ps", "-a"); !strings.Contains(out, "pp-keep") || !strings.Contains(out, "Exited (0) ") {
		t.Fatalf("ps -a does not list the stopped container:\n%s", out)
	}
	if _, errs, code := e.cell("run", "--net", "none", "--name", "pp-keep", "--", "true"); code == 0 || !strings.Contains(errs, "--name pp-keep") {
		t.Fatalf("reused --name: exit %d, %s", code, errs)
	}
	e.ok("rm", "pp-keep")
	assertEmptyRoot(t, e)
	// runc's delete takes the bundle with it too.
	e.people("--name", "pp-keep2", "--", "true")
	e.ok("delete", "pp-keep2")
	assertEmptyRoot(t, e)
}

func TestPeopleOCIDispatch(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "hostname"))
	cmd := exec.Command(cellBin, "--root", e.root, "run", "pp-oci")
	cmd.Dir = b
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "cell" {
		t.Fatalf("run ID in a bundle: %q, %v", out, err)
	}
}

func TestPeopleBadFlags(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"-m", "12q"}, "--memory"},
		{[]string{"--cpus", "x"}, "--cpus"},
		{[]string{"--cap-drop", "NOPE"}, "--cap-drop"},
		{[]string{"-v", "rel:/x"}, "--volume"},
		{[]string{"--net", "ns:../x"}, "--net"},
		{[]string{"--security-opt", "apparmor=x"}, "--security-opt"},
		{[]string{"--name", "a/b"}, "--name"},
		{[]string{"-p", "80:80"}, "bridge"},
	} {
		_, errs, code := e.cell(append(append([]string{"run", "--net", "none"}, c.flags...), "--", "true")...)
		if code == 0 || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("run %v: exit %d, %q; want one line naming %s", c.flags, code, errs, c.want)
		}
		assertEmptyRoot(t, e)
	}
	_, errs, code := e.cell("run", "--net", "none", "--name", "pp-nocmd", "--", "pp-no-such-command")
	if code == 0 || !strings.Contains(errs, "pp-no-such-command") {
		t.Errorf("run of a missing command: exit %d, %q", code, errs)
	}
	assertEmptyRoot(t, e)
}

// cgroupPaths returns the cgroup directories of container id, as its
// state records them ("" is the cgroup v2 directory).
func cgroupPaths(t *testing.T, e *env, id string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.root, id, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ CgroupPaths map[string]string }
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st.CgroupPaths
}
