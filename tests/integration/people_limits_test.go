package integration

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPeopleResourceLimits(t *testing.T) {
	e := newEnv(t)
	if _, err := os.Stat("/dev/loop0"); err != nil {
		t.Skip("needs /dev/loop0 for --device-read-bps")
	}
	e.people("-d", "--name", "pp-lim", "-m", "64m", "--pids-limit", "42", "--cpus", "0.5",
		"--cpu-shares", "512", "--cpuset-cpus", "0", "--device-read-bps", "/dev/loop0:1m", "--", "sleep", "100")
	t.Cleanup(func() { e.cell("rm", "-f", "pp-lim") })
	for _, c := range []struct{ controller, v1, v2, want string }{
		{"memory", "memory.limit_in_bytes", "memory.max", strconv.Itoa(64 << 20)},
		{"pids", "pids.max", "pids.max", "42"},
		{"cpu", "cpu.cfs_quota_us", "cpu.max", "50000"},
		{"cpu", "cpu.shares", "", "512"},
		{"cpuset", "cpuset.cpus", "cpuset.cpus", "0"},
		{"blkio", "blkio.throttle.read_bps_device", "io.max", "7:0 "},
	} {
		got := limitFile(t, e, "pp-lim", c.controller, c.v1, c.v2)
		if got != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q in it", c.controller, got, c.want)
		}
	}
}

// limitFile reads the v1 file of controller in container id's cgroup, or
// the v2 file where the controller is on the unified hierarchy; "" when
// the layout has neither.
func limitFile(t *testing.T, e *env, id, controller, v1, v2 string) string {
	t.Helper()
	paths := cgroupPaths(t, e, id)
	var path string
	switch {
	case paths[controller] != "":
		path = filepath.Join(paths[controller], v1)
	case v2 != "" && paths[""] != "":
		path = filepath.Join(paths[""], v2)
	default:
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cgroup %s: %v", controller, err)
	}
	return strings.TrimSpace(string(b))
}

// capEff returns the CapEff mask a `cell run` process sees.
func capEff(t *testing.T, e *env, flags ...string) uint64 {
	t.Helper()
	out := e.people(append(append([]string{"--rm"}, flags...), "--", "grep", "CapEff", "/proc/self/status")...)
	v, err := strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(out, "CapEff:")), 16, 64)
	if err != nil {
		t.Fatalf("CapEff line %q: %v", out, err)
	}
	return v
}

func TestPeopleCapabilities(t *testing.T) {
	e := newEnv(t)
	const chown, netAdmin, sysAdmin = 1 << 0, 1 << 12, 1 << 21
	if got := capEff(t, e); got&chown == 0 || got&sysAdmin != 0 {
		t.Errorf("default CapEff %#x: want CAP_CHOWN and not CAP_SYS_ADMIN", got)
	}
	if got := capEff(t, e, "--cap-drop", "chown"); got&chown != 0 {
		t.Errorf("--cap-drop chown: CapEff %#x still has CAP_CHOWN", got)
	}
	if got := capEff(t, e, "--cap-add", "NET_ADMIN"); got&netAdmin == 0 {
		t.Errorf("--cap-add NET_ADMIN: CapEff %#x lacks it", got)
	}
	if got := capEff(t, e, "--cap-drop", "ALL"); got != 0 {
		t.Errorf("--cap-drop ALL: CapEff %#x", got)
	}
	if got := capEff(t, e, "--privileged"); got&sysAdmin == 0 {
		t.Errorf("--privileged: CapEff %#x lacks CAP_SYS_ADMIN", got)
	}
}

func TestPeopleSecurityDefaults(t *testing.T) {
	e := newEnv(t)
	out := e.people("--rm", "--", "sh", "-c", `grep -E 'NoNewPrivs|Seccomp:' /proc/self/status`)
	if !strings.Contains(out, "NoNewPrivs:\t1") || !strings.Contains(out, "Seccomp:\t2") {
		t.Errorf("default: want no_new_privs and a seccomp filter:\n%s", out)
	}
	out = e.people("--rm", "--security-opt", "seccomp=unconfined", "--security-opt", "no-new-privileges:false",
		"--", "grep", "-E", "NoNewPrivs|Seccomp:", "/proc/self/status")
	if !strings.Contains(out, "NoNewPrivs:\t0") || !strings.Contains(out, "Seccomp:\t0") {
		t.Errorf("unconfined: want neither:\n%s", out)
	}
	// unshare is outside the default profile even for a capable process.
	_, _, code := e.cell("run", "--net", "none", "--rm", "--cap-add", "SYS_ADMIN", "--", "unshare", "-U", "true")
	if code == 0 {
		t.Errorf("unshare succeeded under the default seccomp profile")
	}
}

func TestPeopleReadOnlyRoot(t *testing.T) {
	e := newEnv(t)
	out := e.people("--rm", "--read-only", "--", "sh", "-c", `touch /pp-probe 2>/dev/null && echo root-writable; touch /tmp/ok && echo tmp-writable`)
	if strings.Contains(out, "root-writable") || !strings.Contains(out, "tmp-writable") {
		t.Errorf("--read-only: want / read-only and /tmp writable:\n%s", out)
	}
}
