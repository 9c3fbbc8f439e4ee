package cgroups

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/internal/cgroups/devices"
	v1 "github.com/cell-runtime/cell/internal/cgroups/v1"
	v2 "github.com/cell-runtime/cell/internal/cgroups/v2"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// charNodes makes a temp dir with a null (1:3) and a zero (1:5) node.
func charNodes(t *testing.T) (null, zero string) {
	t.Helper()
	dir := t.TempDir()
	null, zero = filepath.Join(dir, "null"), filepath.Join(dir, "zero")
	if err := unix.Mknod(null, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
		t.Skipf("mknod: %v", err)
	}
	if err := unix.Mknod(zero, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 5))); err != nil {
		t.Skipf("mknod: %v", err)
	}
	return null, zero
}

// denyNullRules deny everything, then allow only char 1:5.
func denyNullRules() []specs.LinuxDeviceCgroup {
	return []specs.LinuxDeviceCgroup{
		{Allow: false, Access: "rwm"},
		{Allow: true, Type: "c", Major: i64(1), Minor: i64(5), Access: "rwm"},
	}
}

// openIn runs the "open" helper for path inside m and reports whether it
// could open it.
func openIn(t *testing.T, m *manager, path string) bool {
	t.Helper()
	c := place(t, m, "open", path)
	return c.cmd.Wait() == nil
}

func TestIntegrationDevicesV1(t *testing.T) {
	m := testManager(t)
	if _, ok := m.v1Dir("devices"); !ok {
		t.Skip("no v1 devices hierarchy")
	}
	null, zero := charNodes(t)
	if err := m.Set(&specs.LinuxResources{Devices: denyNullRules()}); err != nil {
		t.Fatal(err)
	}
	if openIn(t, m, null) {
		t.Error("opened 1:3 despite the deny rule")
	}
	if !openIn(t, m, zero) {
		t.Error("could not open allowed 1:5")
	}
}

func TestIntegrationDevicesEBPF(t *testing.T) {
	m := testManager(t)
	if m.v2 == nil {
		t.Skip("no cgroup v2 hierarchy")
	}
	null, zero := charNodes(t)
	if err := v2.SetDevices(m.v2.Dir, denyNullRules()); err != nil {
		t.Fatal(err)
	}
	if err := v2.SetDevices(m.v2.Dir, denyNullRules()); err != nil { // replaces, not stacks
		t.Fatal(err)
	}
	if n, err := devices.Attached(m.v2.Dir); err != nil || n != 1 {
		t.Errorf("attached programs = %d, %v; want 1", n, err)
	}
	if openIn(t, m, null) {
		t.Error("opened 1:3 despite the eBPF deny")
	}
	if !openIn(t, m, zero) {
		t.Error("could not open allowed 1:5")
	}
}

func TestIntegrationNetCls(t *testing.T) {
	needRoot(t)
	before, err := defaultHost().layout()
	if err != nil {
		t.Fatal(err)
	}
	_, hadNet := before.V1["net_cls"]
	m := testManager(t)
	if m.pureV2 {
		t.Skip("pure cgroup v2 host has no net_cls")
	}
	if !hadNet {
		_, statErr := os.Stat("/run/cell")
		t.Cleanup(func() { unmountNet(t, statErr != nil) }) // runs after Destroy
	}
	c := place(t, m, "alloc", "1")
	c.waitReady(t)
	id := uint32(0x100001)
	err = m.Set(&specs.LinuxResources{Network: &specs.LinuxNetwork{ClassID: &id}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := v1.NetClassID(m.v1.Paths["net_cls"])
	if err != nil || got != uint64(id) {
		t.Errorf("net_cls.classid = %d, %v; want %d", got, err, id)
	}
	procs, _ := os.ReadFile(filepath.Join(m.v1.Paths["net_cls"], "cgroup.procs"))
	if strings.TrimSpace(string(procs)) == "" {
		t.Error("helper was not moved into the net_cls group")
	}
}

// unmountNet unmounts the net_cls,net_prio hierarchy a test mounted and
// removes the directories it made (/run/cell only if the test created it).
func unmountNet(t *testing.T, madeRunCell bool) {
	if err := unix.Unmount(NetMountDir, 0); err != nil && !errors.Is(err, unix.EINVAL) {
		t.Errorf("unmount %s: %v", NetMountDir, err)
	}
	_ = os.Remove(NetMountDir)
	_ = os.Remove(filepath.Dir(NetMountDir))
	if madeRunCell {
		_ = os.Remove("/run/cell")
	}
}

func TestIntegrationHugetlb(t *testing.T) {
	m := testManager(t)
	if _, ok := m.v1Dir("hugetlb"); !ok && m.v2 == nil {
		// Pure v1 view of a host whose hugetlb is bound to cgroup v2
		// (the CI's private mount namespace without the unified mount).
		t.Skip("no hugetlb controller in this cgroup layout")
	}
	if _, ok := m.v1Dir("hugetlb"); !ok && m.v2 != nil && !m.pureV2 {
		sub, _ := os.ReadFile(filepath.Join(m.v2.Root, "cgroup.subtree_control"))
		if !strings.Contains(string(sub), "hugetlb") && os.Getenv("CELL_TEST_HOST_CGROUP_WRITES") == "" {
			t.Skip("hugetlb is not enabled at the unified root; enabling it writes a host cgroup " +
				"(set CELL_TEST_HOST_CGROUP_WRITES=1 to allow)")
		}
	}
	err := m.Set(&specs.LinuxResources{HugepageLimits: []specs.LinuxHugepageLimit{{Pagesize: "2MB", Limit: 4 << 20}}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if h, ok := s.Hugetlb["2MB"]; !ok || h.Max != 4<<20 && h.Max != 0 {
		t.Errorf("hugetlb stats = %+v", s.Hugetlb)
	}
}

func TestIntegrationUnsupportedField(t *testing.T) {
	m := testManager(t)
	err := m.Set(&specs.LinuxResources{BlockIO: &specs.LinuxBlockIO{Weight: func() *uint16 { w := uint16(500); return &w }()}})
	if _, ok := m.v1Dir("blkio"); ok && !fileExists(m.v1.Paths["blkio"], "blkio.weight") && !fileExists(m.v1.Paths["blkio"], "blkio.bfq.weight") {
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "linux.resources.blockIO.weight" {
			t.Errorf("weight on a host without blkio weights: %v, want a FieldError", err)
		}
	}
}

func TestIntegrationFromPathsDestroysNested(t *testing.T) {
	m := testManager(t)
	for _, d := range m.Paths() {
		// Co-mounted controllers (net_cls,net_prio) share one directory.
		if err := os.Mkdir(filepath.Join(d, "sub"), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			t.Fatal(err)
		}
	}
	m2, err := FromPaths(m.Paths())
	if err != nil {
		t.Fatal(err)
	}
	if err := m2.Destroy(); err != nil {
		t.Fatal(err)
	}
}

func fileExists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}
