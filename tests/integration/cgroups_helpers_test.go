package integration

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/harness"
	"github.com/cell-runtime/cell/tests/testrootfs"
)

// cgBundle is a bundle running argv with linux.resources set by res.
func cgBundle(t *testing.T, argv []string, res func(*specs.Spec, *specs.LinuxResources)) string {
	return testrootfs.Bundle(t, func(s *specs.Spec) {
		s.Process.Args = argv
		if s.Linux.Resources == nil {
			s.Linux.Resources = &specs.LinuxResources{}
		}
		if res != nil {
			res(s, s.Linux.Resources)
		}
	})
}

// startDetached creates and starts container id from bundle b, with the
// container's stdout and stderr going to a file whose path it returns.
func (e *env) startDetached(id, b string) string {
	e.t.Helper()
	out := harness.TempFile(e.t)
	cmd := exec.Command(cellBin, "--root", e.root, "create", "-b", b, id)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		e.t.Fatalf("create %s: %v: %s", id, err, harness.ReadAll(out))
	}
	e.ok("start", id)
	return out.Name()
}

// cellIn runs cell with stdin as its standard input.
func (e *env) cellIn(stdin string, args ...string) (string, int) {
	e.t.Helper()
	cmd := exec.Command(cellBin, append([]string{"--root", e.root}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("cell %v: %v", args, err)
	}
	return string(out), 0
}

// savedState is the part of <root>/<id>/state.json these tests read.
type savedState struct {
	Spec        specs.Spec        `json:"spec"`
	CgroupPaths map[string]string `json:"cgroupPaths"`
}

func (e *env) savedState(id string) savedState {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.root, id, "state.json"))
	if err != nil {
		e.t.Fatal(err)
	}
	var st savedState
	if err := json.Unmarshal(b, &st); err != nil {
		e.t.Fatal(err)
	}
	return st
}

// status is the container's OCI status as `cell state` prints it.
func (e *env) status(id string) string {
	e.t.Helper()
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", id)), &st); err != nil {
		e.t.Fatal(err)
	}
	return string(st.Status)
}

// cgFile is one interface file of a container's cgroup, found in the v1
// hierarchy of v1ctl when the container has one, else in its v2 directory
// under v2name.
type cgFile struct {
	paths          map[string]string
	v1ctl          string
	v1name, v2name string
}

// path is the file's path and whether it is the v2 one.
func (f cgFile) path(t *testing.T) (string, bool) {
	t.Helper()
	if d, ok := f.paths[f.v1ctl]; ok {
		return filepath.Join(d, f.v1name), false
	}
	if d, ok := f.paths[""]; ok && f.v2name != "" {
		return filepath.Join(d, f.v2name), true
	}
	t.Fatalf("container has no %s cgroup (paths %v)", f.v1ctl, f.paths)
	return "", false
}

// read returns the file's content without the trailing newline.
func (f cgFile) read(t *testing.T) string {
	t.Helper()
	p, _ := f.path(t)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimRight(string(b), "\n")
}

// flatValue reads key's number from a "key value" file (memory.oom_control,
// memory.events, pids.events, cpu.stat).
func flatValue(t *testing.T, content, key string) uint64 {
	t.Helper()
	for _, line := range strings.Split(content, "\n") {
		if k, v, ok := strings.Cut(line, " "); ok && k == key {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
			if err != nil {
				t.Fatalf("%s %q: %v", key, v, err)
			}
			return n
		}
	}
	t.Fatalf("no %q in %q", key, content)
	return 0
}

// cpuUsage is the container's CPU time so far: v1 cpuacct.usage, or v2
// cpu.stat usage_usec.
func cpuUsage(t *testing.T, paths map[string]string) time.Duration {
	t.Helper()
	f := cgFile{paths, "cpuacct", "cpuacct.usage", "cpu.stat"}
	_, v2 := f.path(t)
	s := f.read(t)
	if v2 {
		return time.Duration(flatValue(t, s, "usage_usec")) * time.Microsecond
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return time.Duration(n)
}

// waitFor polls cond every 10ms for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// assertNoCgroups fails if any of the directories still exists.
func assertNoCgroups(t *testing.T, paths map[string]string) {
	t.Helper()
	if len(paths) == 0 {
		t.Fatal("no cgroup paths recorded")
	}
	for c, d := range paths {
		if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("cgroup %q directory %s left behind (stat: %v)", c, d, err)
		}
	}
}

func i64p(v int64) *int64                 { return &v }
func u64p(v uint64) *uint64               { return &v }
func u16p(v uint16) *uint16               { return &v }
func u32p(v uint32) *uint32               { return &v }
func fileMode(m os.FileMode) *os.FileMode { return &m }

// readFile returns a file's content, "" if it cannot be read.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, _ := os.ReadFile(path)
	return string(b)
}

// lastLine is the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
