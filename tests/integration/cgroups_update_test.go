package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// updateTarget starts a container holding 40 MiB under a 64 MiB limit and
// 32 pids, and returns the files those limits live in.
func updateTarget(e *env, t *testing.T, id string) (memLimit, pidsMax cgFile) {
	b := cgBundle(t, []string{"/bin/payload", "memhog", "40", "inf"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.Memory = &specs.LinuxMemory{Limit: i64p(64 * mib)}
		r.Pids = &specs.LinuxPids{Limit: i64p(32)}
	})
	out := e.startDetached(id, b)
	if !waitFor(10*time.Second, func() bool { return strings.Contains(readFile(t, out), "holding") }) {
		t.Fatalf("memhog never held its 40 MiB: %q", readFile(t, out))
	}
	paths := e.savedState(id).CgroupPaths
	return cgFile{paths, "memory", "memory.limit_in_bytes", "memory.max"}, cgFile{paths, "pids", "pids.max", "pids.max"}
}

func TestCgroupUpdateChangesRunningLimits(t *testing.T) {
	e := newEnv(t)
	mem, pids := updateTarget(e, t, "cg-upd")
	e.ok("update", "--memory", "128m", "--pids-limit", "48", "cg-upd")
	if got := mem.read(t); got != "134217728" {
		t.Errorf("memory limit after update --memory 128m: %s", got)
	}
	if got := pids.read(t); got != "48" {
		t.Errorf("pids.max after update --pids-limit 48: %s", got)
	}
	saved := e.savedState("cg-upd").Spec.Linux.Resources
	if *saved.Memory.Limit != 128*mib || *saved.Pids.Limit != 48 {
		t.Errorf("saved spec has memory %d, pids %d; want the new limits", *saved.Memory.Limit, *saved.Pids.Limit)
	}
	// 40 + 60 MiB was over the old limit and fits the new one; 40 + 150 does not.
	if out, errs, code := e.cell("exec", "cg-upd", "/bin/payload", "memhog", "60"); code != 0 {
		t.Errorf("60 more MiB under the raised 128 MiB limit: exit %d %s%s", code, lastLine(out), errs)
	}
	if out, _, code := e.cell("exec", "cg-upd", "/bin/payload", "memhog", "150"); code != 137 {
		t.Errorf("150 more MiB under the 128 MiB limit: exit %d (%s), want 137", code, lastLine(out))
	}
	out := e.ok("exec", "cg-upd", "/bin/payload", "forkbomb", "100")
	var forked int
	if _, err := fmt.Sscanf(out, "forked %d", &forked); err != nil || forked >= 48 || !strings.Contains(out, "EAGAIN") {
		t.Errorf("fork bomb under the raised pids limit 48: %q", out)
	}
	t.Logf("after update: memory 128 MiB, pids 48; a fork bomb in the container forked %d", forked)
	e.ok("pause", "cg-upd")
	e.ok("update", "--pids-limit", "50", "cg-upd")
	if got, s := pids.read(t), e.status("cg-upd"); got != "50" || s != "paused" {
		t.Errorf("update of a paused container: pids.max %s, status %s; want 50, paused", got, s)
	}
	e.ok("resume", "cg-upd")
}

func TestCgroupUpdateRefusesBadValues(t *testing.T) {
	e := newEnv(t)
	mem, pids := updateTarget(e, t, "cg-bad")
	before := e.savedState("cg-bad").Spec.Linux.Resources
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--blkio-weight", "5000"}, "linux.resources.blockIO.weight: 5000 is out of range 10-1000"},
		{[]string{"--cpuset-cpus", "0-99999"}, "linux.resources.cpu.cpus"},
		{[]string{"--pids-limit", "20", "--memory", "16m"}, "linux.resources.memory.limit"},
		{[]string{"--memory", "-5"}, "--memory"},
		{[]string{"--memory", "12q"}, "--memory"},
		{[]string{"--memory-swap", "32m"}, "linux.resources.memory.swap"},
		{[]string{"--cpu-quota", "10"}, "linux.resources.cpu.quota"},
		{[]string{"--cpu-share", "1"}, "linux.resources.cpu.shares"},
		{[]string{"--cpu-period", "5"}, "linux.resources.cpu.period"},
		// pids goes in before the cpu part, which the kernel refuses (a
		// realtime budget over the machine's): the pids limit must be put
		// back.
		{[]string{"--pids-limit", "20", "--cpu-rt-runtime", "960000"}, "linux.resources.cpu.realtimeRuntime"},
		{[]string{"--resources", "-", "--memory", "1g"}, "--resources cannot be combined"},
	}
	for _, c := range cases {
		out, code := e.cellIn("", append(append([]string{"update"}, c.args...), "cg-bad")...)
		t.Logf("update %v: %s", c.args, strings.TrimSpace(out))
		if code == 0 || !strings.Contains(out, c.want) || strings.Count(strings.TrimSpace(out), "\n") > 0 {
			t.Errorf("update %v: exit %d, %q; want one line naming %q", c.args, code, out, c.want)
		}
		if m, p := mem.read(t), pids.read(t); m != "67108864" || p != "32" {
			t.Errorf("after the failed update %v: memory limit %s, pids.max %s; want 67108864 and 32", c.args, m, p)
		}
	}
	after := e.savedState("cg-bad").Spec.Linux.Resources
	if *after.Memory.Limit != *before.Memory.Limit || *after.Pids.Limit != *before.Pids.Limit || after.BlockIO != nil || after.CPU != nil {
		t.Errorf("failed updates changed the saved resources: %+v", after)
	}
	if out, code := e.cellIn("", "update", "--memory", "1g", "cg-nosuch"); code == 0 || !strings.Contains(out, "does not exist") {
		t.Errorf("update of a missing container: exit %d %q", code, out)
	}
}

func TestCgroupUpdateFromStdin(t *testing.T) {
	e := newEnv(t)
	mem, pids := updateTarget(e, t, "cg-stdin")
	// What containerd sends: the whole resources object, devices included.
	in := `{"devices":[{"allow":false,"access":"rwm"}],"memory":{"limit":-1,"kernel":1048576},"pids":{"limit":40},"cpu":{"shares":512}}`
	out, code := e.cellIn(in, "update", "--resources", "-", "cg-stdin")
	if code != 0 {
		t.Fatalf("update -r -: exit %d: %s", code, out)
	}
	if !strings.Contains(out, "ignored") {
		t.Errorf("update with memory.kernel: no warning that it is ignored: %q", out)
	}
	if got := mem.read(t); got != "max" && got != "9223372036854771712" {
		t.Errorf("memory limit after limit -1: %s, want no limit", got)
	}
	if got := pids.read(t); got != "40" {
		t.Errorf("pids.max after -r: %s, want 40", got)
	}
	if out, _, code := e.cell("exec", "cg-stdin", "/bin/payload", "open", "/dev/null", "wronly"); code != 0 {
		t.Errorf("devices changed by an update: /dev/null: %s", out)
	}
	if out, code := e.cellIn("", "update", "--kernel-memory", "10m", "cg-stdin"); code != 0 || !strings.Contains(out, "ignored") {
		t.Errorf("update --kernel-memory: exit %d %q; want it ignored with a warning, as runc does", code, out)
	}
}

func TestCgroupUpdateStoppedContainer(t *testing.T) {
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "true"}, nil)
	e.ok("create", "-b", b, "cg-stopped")
	e.ok("start", "cg-stopped")
	waitFor(5*time.Second, func() bool { return e.status("cg-stopped") == "stopped" })
	if out, code := e.cellIn("", "update", "--pids-limit", "10", "cg-stopped"); code == 0 || !strings.Contains(out, "stopped") {
		t.Errorf("update of a stopped container: exit %d %q", code, out)
	}
}
