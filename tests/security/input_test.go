package security

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/harness"
)

// Container ids are 1-255 characters of [A-Za-z0-9_+.-], not "." or
// "..": anything else is refused with a one-line error and leaves nothing.
func TestSecContainerIDs(t *testing.T) {
	e := newEnv(t)
	b := bundle(t, nil)
	for _, id := range []string{".", "..", "a/b", "../sec-x", "sec x", "sec\tx", "séc",
		"sec;rm", "sec$(id)", strings.Repeat("s", 256), "-"} {
		out, errs, code := e.cell("create", "-b", b, id)
		if id == "-" {
			// A valid id that looks like a flag: cobra may read it as one.
			e.cell("delete", "--force", "--", id)
			continue
		}
		if code == 0 || !strings.Contains(errs, "container id") {
			t.Errorf("id %q: exit %d, %q %q; want a refusal naming the container id", id, code, out, errs)
		}
		if entries, _ := os.ReadDir(e.root); len(entries) != 0 {
			t.Errorf("id %q left %v in the state root", id, entries)
		}
	}
	for _, id := range []string{"sec-A_b+c.d-1", "sec-" + strings.Repeat("s", 251)} {
		e.ok("create", "-b", b, id)
		e.ok("delete", "--force", id)
		e.assertGone(id)
	}
}

// A root filesystem that is a symlink to the host's / (or that resolves
// to it) is refused.
func TestSecRootfsSymlinkToSlash(t *testing.T) {
	e := newEnv(t)
	for _, target := range []string{"/", "../../../../../../../../"} {
		b := bundle(t, nil)
		rootfs := filepath.Join(b, "rootfs")
		os.RemoveAll(rootfs)
		if err := os.Symlink(target, rootfs); err != nil {
			t.Fatal(err)
		}
		e.refused("sec-slash", "root.path", "create", "-b", b, "sec-slash")
	}
}

// Strings over 64 KiB anywhere in config.json are refused with the
// field's name.
func TestSecLongStrings(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("x", 64<<10+1)
	for _, tc := range []struct {
		field string
		cfg   func(*specs.Spec)
	}{
		{"process.env", func(s *specs.Spec) { s.Process.Env = append(s.Process.Env, "A="+long) }},
		{"process.args", func(s *specs.Spec) { s.Process.Args = append(s.Process.Args, long) }},
		{"hostname", func(s *specs.Spec) { s.Hostname = long }},
		{"annotations", func(s *specs.Spec) { s.Annotations = map[string]string{"a": long} }},
	} {
		b := bundle(t, tc.cfg)
		e.refused("sec-long", tc.field, "create", "-b", b, "sec-long")
	}
}

// Resource values out of range are refused at create with the field's
// name; memory -1 means unlimited and is accepted.
func TestSecResourceValues(t *testing.T) {
	e := newEnv(t)
	i64 := func(v int64) *int64 { return &v }
	u16 := func(v uint16) *uint16 { return &v }
	for _, tc := range []struct {
		field string
		res   specs.LinuxResources
	}{
		{"blockIO.weight", specs.LinuxResources{BlockIO: &specs.LinuxBlockIO{Weight: u16(5000)}}},
		{"cpu.cpus", specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "0-99999"}}},
		{"cpu.mems", specs.LinuxResources{CPU: &specs.LinuxCPU{Mems: "0-99999"}}},
		{"memory.limit", specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64(-2)}}},
	} {
		res := tc.res
		b := bundle(t, func(s *specs.Spec) {
			res.Devices = s.Linux.Resources.Devices
			s.Linux.Resources = &res
		})
		e.refused("sec-res", tc.field, "create", "-b", b, "sec-res")
	}
	b := bundle(t, func(s *specs.Spec) { s.Linux.Resources.Memory = &specs.LinuxMemory{Limit: i64(-1)} })
	e.ok("create", "-b", b, "sec-res-unlimited")
	e.ok("delete", "--force", "sec-res-unlimited")
	e.assertGone("sec-res-unlimited")
}

// A memory limit below what the container uses (32 MiB held, no swap to
// push it to) is refused by update naming the field, and the limit stays.
func TestSecMemoryBelowUsage(t *testing.T) {
	e := newEnv(t)
	const id = "sec-res-usage"
	b := bundle(t, args("/bin/payload", "memhog", "32", "inf"))
	cmd, out, errb := e.command("run", "-b", b, id)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { e.cell("delete", "--force", id); cmd.Wait(); e.assertGone(id) }()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(harness.ReadAll(out), "holding"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("memhog never held its memory: %q %q", harness.ReadAll(out), harness.ReadAll(errb))
		}
	}
	_, errs, code := e.cell("update", "--memory", "4m", id)
	if code == 0 || !strings.Contains(errs, "linux.resources.memory.limit") || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		t.Errorf("update --memory 4m below 32 MiB in use: exit %d, %q; want a one-line refusal naming linux.resources.memory.limit", code, errs)
	}
	if st, ok := e.state(id); !ok || st.Status != "running" {
		t.Errorf("after the refused update the container is %+v", st)
	}
}

// exec -u takes numbers only: trailing junk, names, negative or too large
// ids are refused naming --user, and nothing runs.
func TestSecExecUser(t *testing.T) {
	e := newEnv(t)
	b := bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "sec-user")
	for _, u := range []string{"1000:1000abc", "root", "-1", "4294967296", "1000:", ":1000", "1:2:3", " 1"} {
		out, errs, code := e.cell("exec", "-u", u, "sec-user", "/bin/payload", "id")
		if code == 0 || !strings.Contains(errs, "--user") || out != "" {
			t.Errorf("exec -u %q: exit %d, %q %q; want a refusal naming --user", u, code, out, errs)
		}
	}
	if out := e.ok("exec", "-u", "1000:1000", "sec-user", "/bin/payload", "id"); !strings.Contains(out, "uid=1000 gid=1000") {
		t.Errorf("exec -u 1000:1000: %q", out)
	}
}
