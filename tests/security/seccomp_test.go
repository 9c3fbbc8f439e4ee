package security

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// seccompProbes are the payload's syscall probes, each run by a process
// holding every capability, so only seccomp can stop it. blocked says
// whether the default profile must refuse it.
var seccompProbes = []struct {
	name    string
	blocked bool
}{
	{"unshare", true},
	{"setns", true},
	{"mount", true},
	{"keyctl", true},
	{"add_key", true},
	{"kexec_load", true},
	{"open_by_handle_at", true},
	{"reboot", true},
	// Allowed on purpose (see seccomp.DefaultProfile): since Linux 4.8
	// ptrace cannot be used to slip past the filter.
	{"ptrace", false},
	// The i386 ABI through int $0x80: filtered by its own numbers, not
	// killed wholesale and not let through.
	{"i386-getpid", false},
	{"i386-keyctl", true},
	{"i386-unshare", true},
}

// probeLoop is a shell loop printing "NAME RESULT" for every probe.
func probeLoop() string {
	var names []string
	for _, p := range seccompProbes {
		names = append(names, p.name)
	}
	return "for p in " + strings.Join(names, " ") + `; do echo "$p $(/bin/payload syscall $p)"; done`
}

// `cell run` (the people's front end) confines a container with
// seccomp.DefaultProfile unless told --security-opt seccomp=unconfined:
// with every capability, the calls the profile leaves out fail with EPERM
// (also through the i386 entry point), and the same calls go through when
// unconfined.
func TestSecRunDefaultSeccomp(t *testing.T) {
	e := newEnv(t)
	rootfs := filepath.Join(bundle(t, nil), "rootfs")
	for _, tc := range []struct {
		name       string
		flags      []string
		confined   bool
		wantStatus string
	}{
		{"default", nil, true, "Seccomp:\t2"},
		{"unconfined", []string{"--security-opt", "seccomp=unconfined"}, false, "Seccomp:\t0"},
	} {
		cmd := append([]string{"run", "--rm", "--net", "none", "--cap-add", "ALL"}, tc.flags...)
		cmd = append(cmd, rootfs, "--", "/bin/sh", "-c", "grep Seccomp: /proc/self/status; "+probeLoop())
		out := e.ok(cmd...)
		if !strings.Contains(out, tc.wantStatus) {
			t.Errorf("%s: want %q in\n%s", tc.name, tc.wantStatus, out)
		}
		got := map[string]string{}
		for _, l := range lines(out) {
			if name, res, ok := strings.Cut(l, " "); ok {
				got[name] = res
			}
		}
		for _, p := range seccompProbes {
			// Let through, the call reaches the kernel: "ok", or ENOSYS
			// where the kernel lacks it (kexec_load without CONFIG_KEXEC).
			want := []string{"ok", "ENOSYS"}
			if p.blocked && tc.confined {
				want = []string{"EPERM"}
			}
			if !slices.Contains(want, got[p.name]) {
				t.Errorf("%s: %s gave %q, want one of %v", tc.name, p.name, got[p.name], want)
			}
		}
	}
	if ents, _ := filepath.Glob(e.root + "/*"); len(ents) != 0 {
		t.Errorf("left under the state root: %v", ents)
	}
}
