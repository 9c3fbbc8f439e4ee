package integration

import (
	"strconv"
	"strings"
	"testing"
)

func TestPeopleResourceLimits(t *testing.T) {
	e := newEnv(t)
	e.people("-d", "--name", "pp-lim", "-m", "64m", "--pids-limit", "42", "--cpus", "0.5",
		"--cpu-shares", "512", "--", "sleep", "100")
	t.Cleanup(func() { e.cell("rm", "-f", "pp-lim") })
	for _, c := range []struct{ controller, file, want string }{
		{"memory", "memory.limit_in_bytes", strconv.Itoa(64 << 20)},
		{"pids", "pids.max", "42"},
		{"cpu", "cpu.cfs_quota_us", "50000"},
		{"cpu", "cpu.cfs_period_us", "100000"},
		{"cpu", "cpu.shares", "512"},
	} {
		if got := cgroupFile(t, e, "pp-lim", c.controller, c.file); got != c.want {
			t.Errorf("%s/%s = %s, want %s", c.controller, c.file, got, c.want)
		}
	}
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
