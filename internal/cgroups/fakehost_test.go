package cgroups

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// fakeHybrid builds a hybrid host in a temp dir: v1 cpu and memory
// hierarchies and a unified one offering hugetlb only.
func fakeHybrid(t *testing.T) (*host, string) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"cpu", "memory", "unified"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mi := fmt.Sprintf("32 31 0:29 / %[1]s/cpu rw - cgroup cgroup rw,cpu\n"+
		"35 31 0:32 / %[1]s/memory rw - cgroup cgroup rw,memory\n"+
		"41 31 0:38 / %[1]s/unified rw - cgroup2 cgroup2 rw\n", root)
	pc := "4:memory:/process_api/h\n1:cpu:/\n0::/\n"
	h := &host{mountinfo: filepath.Join(root, "mountinfo"), procCgroup: filepath.Join(root, "cgroup")}
	writeFiles(t, root, map[string]string{
		"mountinfo": mi, "cgroup": pc,
		"unified/cgroup.controllers": "hugetlb", "unified/cgroup.subtree_control": "",
	})
	return h, root
}

// writeFiles creates files (and their directories) below root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// wantFiles checks file contents below root.
func wantFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
}

func TestFakeHybridPaths(t *testing.T) {
	h, root := fakeHybrid(t)
	m, err := h.newManager("", "x")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"cpu":    root + "/cpu/cell-x",
		"memory": root + "/memory/process_api/h/cell-x",
		"":       root + "/unified/cell-x",
	}
	got := m.Paths()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Paths = %v, want %v", got, want)
	}
}

// On hybrid hosts a new process is cloned into the v2 group and moves
// itself into each v1 hierarchy through its tasks file.
func TestFakeHybridEntry(t *testing.T) {
	h, root := fakeHybrid(t)
	m, err := h.newManager("", "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(0); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{"cpu/cell-x/tasks": "", "memory/process_api/h/cell-x/tasks": ""})
	e, err := m.OpenEntry()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Dir < 0 {
		t.Error("OpenEntry on hybrid opened no v2 directory")
	}
	var names []string
	for _, f := range e.Tasks {
		names = append(names, f.Name())
	}
	want := []string{root + "/cpu/cell-x/tasks", root + "/memory/process_api/h/cell-x/tasks"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("Entry.Tasks = %v, want %v", names, want)
	}
}

func TestFakeHybridSetRoutes(t *testing.T) {
	h, root := fakeHybrid(t)
	m, err := h.newManager("/c", "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(0); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{
		"cpu/c/cpu.shares": "", "cpu/c/cpu.cfs_quota_us": "", "cpu/c/cpu.cfs_period_us": "",
		"memory/c/memory.limit_in_bytes": "", "unified/c/hugetlb.2MB.max": "",
	})
	r := &specs.LinuxResources{
		CPU:            &specs.LinuxCPU{Shares: u64(512), Quota: i64(50000), Period: u64(100000)},
		Memory:         &specs.LinuxMemory{Limit: i64(1 << 20)},
		HugepageLimits: []specs.LinuxHugepageLimit{{Pagesize: "2MB", Limit: 2 << 20}},
	}
	if err := m.Set(r); err != nil {
		t.Fatal(err)
	}
	wantFiles(t, root, map[string]string{
		"cpu/c/cpu.shares": "512", "cpu/c/cpu.cfs_quota_us": "50000", "cpu/c/cpu.cfs_period_us": "100000",
		"memory/c/memory.limit_in_bytes": "1048576", "unified/c/hugetlb.2MB.max": "2097152",
		"unified/cgroup.subtree_control": "+hugetlb",
	})
	err = m.Set(&specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64(5)}})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "linux.resources.pids" {
		t.Errorf("pids without a pids controller: %v, want a FieldError", err)
	}
	if err := m.Set(&specs.LinuxResources{Unified: map[string]string{"../x": "1"}}); err == nil {
		t.Error("unified key with a slash accepted")
	}
}

func TestFakePureV1HasNoV2(t *testing.T) {
	h, root := fakeHybrid(t)
	writeFiles(t, root, map[string]string{"mountinfo": fmt.Sprintf("32 31 0:29 / %s/cpu rw - cgroup cgroup rw,cpu\n", root)})
	m, err := h.newManager("a", "x")
	if err != nil {
		t.Fatal(err)
	}
	if m.v2 != nil || len(m.Paths()) != 1 {
		t.Errorf("pure v1 manager paths = %v", m.Paths())
	}
	if err := m.Set(&specs.LinuxResources{Unified: map[string]string{"memory.high": "1"}}); err == nil {
		t.Error("unified accepted without cgroup v2")
	}
}

func TestFakePureV2RelativeFromRoot(t *testing.T) {
	h, root := fakeHybrid(t)
	writeFiles(t, root, map[string]string{
		"mountinfo": fmt.Sprintf("41 31 0:38 / %s/unified rw - cgroup2 cgroup2 rw\n", root),
		// The caller sits in a scope that holds it: v2 refuses controllers there.
		"cgroup": "0::/user.slice/session-1.scope\n",
	})
	cases := []struct{ path, want string }{
		{"", root + "/unified/cell-x"},
		{"a/b", root + "/unified/a/b"},
		{"/abs/c", root + "/unified/abs/c"},
	}
	for _, c := range cases {
		m, err := h.newManager(c.path, "x")
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Paths()[""]; got != c.want || !m.pureV2 {
			t.Errorf("cgroupsPath %q: v2 dir %q (pure v2 %v), want %q", c.path, got, m.pureV2, c.want)
		}
	}
}
