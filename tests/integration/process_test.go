package integration

import (
	"fmt"
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestProcessInside checks what the spec's process and uts settings look
// like from inside.
func TestProcessInside(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	umask := uint32(0o027)
	cases := []struct {
		name string
		cfg  func(*specs.Spec)
		want []string
	}{
		{"domainname", with(args("/bin/payload", "domainname"), func(s *specs.Spec) { s.Domainname = "example.org" }),
			[]string{"example.org"}},
		{"env cwd user groups umask", with(sh("payload env; payload cwd; payload id; payload umask"), func(s *specs.Spec) {
			s.Process.Env = append(s.Process.Env, "FOO=bar baz")
			s.Process.Cwd = "/home/user"
			s.Process.User = specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{10, 20}, Umask: &umask}
		}), []string{"FOO=bar baz\n", "HOME=/home/user\n", "\n/home/user\n", "uid=1000 gid=1000 groups=10,20\n", "0027\n"}},
		{"a missing cwd is made", with(args("/bin/payload", "cwd"), func(s *specs.Spec) {
			s.Root.Readonly = false
			s.Process.Cwd = "/new/dir"
		}), []string{"/new/dir"}},
		{"rlimits", with(sh("ulimit -Sn; ulimit -Hn; payload rlimits"), func(s *specs.Spec) {
			s.Process.Rlimits = []specs.POSIXRlimit{
				{Type: "RLIMIT_NOFILE", Soft: 512, Hard: 768},
				{Type: "RLIMIT_CORE", Soft: 1024, Hard: 4096},
				{Type: "RLIMIT_NPROC", Soft: 300, Hard: 400},
			}
		}), []string{"512\n768\n", "RLIMIT_CORE 1024 4096\n", "RLIMIT_NPROC 300 400\n"}},
		{"positive oomScoreAdj", with(args("/bin/payload", "oomscore"), func(s *specs.Spec) {
			v := 500
			s.Process.OOMScoreAdj = &v
		}), []string{"500"}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := e.runOut(fmt.Sprintf("core-proc%d", i), c.cfg)
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("want %q in:\n%s", w, out)
				}
			}
		})
	}
}

// TestProcessRefused checks settings the host cannot grant: the error is
// one line naming the field, and nothing is left behind.
func TestProcessRefused(t *testing.T) {
	e := newEnv(t)
	var hard uint64 = 20000
	if b, err := os.ReadFile("/proc/self/limits"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 6 && f[1] == "open" && f[2] == "files" {
				fmt.Sscan(f[4], &hard)
			}
		}
	}
	cases := []struct {
		name, id string
		cfg      func(*specs.Spec)
		want     []string
	}{
		{"negative oomScoreAdj", "core-refuse1", func(s *specs.Spec) {
			v := -500
			s.Process.OOMScoreAdj = &v
		}, []string{"oomScoreAdj", "CAP_SYS_RESOURCE"}},
		{"rlimit above the hard cap", "core-refuse2", func(s *specs.Spec) {
			s.Process.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: hard + 1000, Hard: hard + 1000}}
		}, []string{"RLIMIT_NOFILE"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if os.Geteuid() == 0 && hasCapSysResource() {
				t.Skip("this host grants CAP_SYS_RESOURCE: nothing is refused")
			}
			b := testrootfs.Bundle(t, with(args("/bin/payload", "true"), c.cfg))
			_, errs, code := e.cell("run", "-b", b, c.id)
			if code == 0 || !containsAll(errs, c.want...) {
				t.Fatalf("exit %d, stderr %q; want a failure naming %v", code, errs, c.want)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("error is not one line: %q", errs)
			}
			if ids, _ := os.ReadDir(e.root); len(ids) != 0 {
				t.Errorf("state left behind: %v", ids)
			}
			assertGone(t, e, c.id)
		})
	}
}

// hasCapSysResource reports whether this process has CAP_SYS_RESOURCE.
func hasCapSysResource() bool {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "CapEff:"); ok {
			var m uint64
			fmt.Sscanf(strings.TrimSpace(v), "%x", &m)
			return m&(1<<24) != 0
		}
	}
	return false
}
