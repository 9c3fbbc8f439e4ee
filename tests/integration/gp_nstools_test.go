package integration

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gpNsKinds are the namespace files under /proc/PID/ns the tools make or
// enter.
var gpNsKinds = []string{"mnt", "uts", "ipc", "net", "pid", "user", "cgroup", "time"}

// gpReportScript prints "KIND NSID" for every namespace of the shell, then
// runs probe, then exits 7 (to compare exit statuses).
func gpReportScript(probe string) string {
	return `for n in ` + strings.Join(gpNsKinds, " ") + `; do echo "ns $n $(readlink /proc/self/ns/$n)"; done; ` + probe + `; exit 7`
}

// gpRun runs argv and returns its output (stdout then stderr) and exit
// status.
func gpRun(t *testing.T, argv ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String() + errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", argv, err)
	}
	return out.String() + errb.String(), 0
}

// gpNewKinds rewrites the "ns KIND ID" lines of a report to "ns KIND new"
// or "ns KIND same" against the namespaces of pid, and returns the kinds
// that are new.
func gpNewKinds(t *testing.T, report string, pid int) (string, []string) {
	t.Helper()
	var lines, fresh []string
	for _, l := range strings.Split(report, "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "ns" {
			parent, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/%s", pid, f[1]))
			if err != nil {
				t.Fatal(err)
			}
			if f[2] == parent {
				l = "ns " + f[1] + " same"
			} else {
				l, fresh = "ns "+f[1]+" new", append(fresh, f[1])
			}
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n"), fresh
}

// TestNstoolsUnshareAgainstUtilLinux runs `cell unshare` and util-linux's
// unshare with the same options on the same script and compares what they
// produce: which namespaces are new against the test's own, what the
// script sees inside (uid map, host name, links, propagation of /, pid 1,
// cgroups, time offsets) and the exit status.
func TestNstoolsUnshareAgainstUtilLinux(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates namespaces")
	}
	idmap := `cat /proc/self/uid_map /proc/self/gid_map | tr -s ' '; id -u; id -g`
	cases := []struct {
		name  string
		opts  []string
		probe string
		new   []string // namespace kinds the script must be in anew
	}{
		{"mount", []string{"-m"}, `findmnt -no PROPAGATION /`, []string{"mnt"}},
		{"mount slave", []string{"-m", "--propagation", "slave"}, `findmnt -no PROPAGATION /`, []string{"mnt"}},
		{"mount shared", []string{"-m", "--propagation", "shared"}, `findmnt -no PROPAGATION /`, []string{"mnt"}},
		{"mount unchanged", []string{"-m", "--propagation", "unchanged"}, `findmnt -no PROPAGATION /`, []string{"mnt"}},
		{"uts", []string{"-u"}, `hostname gp-uts; hostname`, []string{"uts"}},
		{"ipc", []string{"-i"}, `cat /proc/sysvipc/shm | wc -l`, []string{"ipc"}},
		{"net", []string{"-n"}, `ip -o link | cut -d: -f2`, []string{"net"}},
		{"pid fork", []string{"-p", "-f"}, `echo pid $$`, []string{"pid"}},
		{"pid mount-proc", []string{"-p", "-f", "--mount-proc"}, `echo pid $$; cat /proc/1/comm; ls -d /proc/[0-9]* | head -1`, []string{"mnt", "pid"}},
		{"fork", []string{"-f"}, `true`, nil},
		{"user", []string{"-U"}, idmap, []string{"user"}},
		{"map root", []string{"-r"}, idmap + `; cat /proc/self/setgroups`, []string{"user"}},
		{"map root net uts", []string{"-r", "-n", "-u"}, idmap + `; hostname gp-r; hostname; ip -o link | cut -d: -f2`, []string{"uts", "net", "user"}},
		{"cgroup", []string{"-C"}, `cat /proc/self/cgroup`, []string{"cgroup"}},
		{"time", []string{"-T"}, `cat /proc/self/timens_offsets`, []string{"time"}},
		{"all", []string{"-m", "-u", "-i", "-n", "-p", "-f", "-U", "-C", "-T", "-r", "--mount-proc"},
			idmap + `; cat /proc/1/comm; findmnt -no PROPAGATION /`, gpNsKinds},
	}
	host, _ := os.Hostname()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			script := gpReportScript(c.probe)
			ours, ourCode := gpRun(t, append(append([]string{cellBin, "unshare"}, c.opts...), "sh", "-c", script)...)
			ref, refCode := gpRun(t, append(append([]string{"unshare"}, c.opts...), "sh", "-c", script)...)
			ours, fresh := gpNewKinds(t, ours, os.Getpid())
			ref, _ = gpNewKinds(t, ref, os.Getpid())
			if ours != ref || ourCode != refCode {
				t.Errorf("cell unshare %v (exit %d):\n%s\nutil-linux unshare (exit %d):\n%s", c.opts, ourCode, ours, refCode, ref)
			}
			if ourCode != 7 {
				t.Errorf("cell unshare %v: exit %d, want the script's 7", c.opts, ourCode)
			}
			want := slices.Clone(c.new)
			slices.Sort(want)
			slices.Sort(fresh)
			if !slices.Equal(fresh, want) {
				t.Errorf("cell unshare %v: new namespaces %v, want %v", c.opts, fresh, want)
			}
		})
	}
	if h, _ := os.Hostname(); h != host {
		t.Fatalf("the host name changed from %q to %q", host, h)
	}
}

// gpTarget starts a sleeping process in new namespaces of every kind
// (util-linux unshare, with /proc of its own and the host name
// gp-target) and returns its pid.
func gpTarget(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("unshare", "-m", "-u", "-i", "-n", "-p", "-f", "--mount-proc", "-r", "-C", "-T",
		"sh", "-c", "hostname gp-target; exec sleep 60")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); cmd.Wait() })
	var pid int
	ok := waitFor(5*time.Second, func() bool {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", cmd.Process.Pid, cmd.Process.Pid))
		if _, err := fmt.Sscan(string(b), &pid); err != nil {
			return false
		}
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		return string(comm) == "sleep\n"
	})
	if !ok {
		t.Fatal("the target never got to sleep")
	}
	return pid
}

// TestNstoolsNsenterAgainstUtilLinux enters a target's namespaces with
// `cell nsenter` and util-linux's nsenter, by option letter and by file,
// and compares the namespaces the script is in (which must be the
// target's for the letters given, the test's for the others), what it
// sees and the exit status.
func TestNstoolsNsenterAgainstUtilLinux(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates namespaces")
	}
	pid := gpTarget(t)
	p := fmt.Sprint(pid)
	cases := []struct {
		name  string
		opts  []string
		probe string
		enter []string // kinds that must be the target's
	}{
		// The target's /proc has no pid of ours: no namespace is readable,
		// but /proc/1 is the target's sleep.
		{"mount", []string{"-m"}, `cat /proc/1/comm`, []string{"mnt"}},
		{"uts", []string{"-u"}, `hostname`, []string{"uts"}},
		{"ipc", []string{"-i"}, `true`, []string{"ipc"}},
		{"net", []string{"-n"}, `ip -o link | cut -d: -f2`, []string{"net"}},
		{"pid", []string{"-p"}, `true`, []string{"pid"}},
		{"user", []string{"-U"}, `id -u; id -g; cat /proc/self/uid_map | tr -s ' '`, []string{"user"}},
		{"cgroup", []string{"-C"}, `cat /proc/self/cgroup`, []string{"cgroup"}},
		{"time", []string{"-T"}, `true`, []string{"time"}},
		{"user net uts", []string{"-U", "-n", "-u"}, `id -u; hostname; ip -o link | cut -d: -f2`, []string{"user", "net", "uts"}},
		{"mount pid", []string{"-m", "-p"}, `cat /proc/1/comm`, []string{"mnt", "pid"}},
		{"uts by file", []string{"--uts=/proc/" + p + "/ns/uts"}, `hostname`, []string{"uts"}},
		{"all", []string{"-a"}, `id -u; hostname; cat /proc/1/comm`, gpNsKinds},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			script := gpReportScript(c.probe)
			args := c.opts
			if !strings.HasPrefix(c.opts[0], "--") {
				args = append([]string{"-t", p}, c.opts...)
			}
			ours, ourCode := gpRun(t, append(append([]string{cellBin, "nsenter"}, args...), "sh", "-c", script)...)
			ref, refCode := gpRun(t, append(append([]string{"nsenter"}, args...), "sh", "-c", script)...)
			if ours != ref || ourCode != refCode {
				t.Errorf("cell nsenter %v (exit %d):\n%s\nutil-linux nsenter (exit %d):\n%s", args, ourCode, ours, refCode, ref)
			}
			if ourCode != 7 {
				t.Errorf("cell nsenter %v: exit %d, want the script's 7", args, ourCode)
			}
			gpCheckEntered(t, args, ours, pid, c.enter)
		})
	}
}

// gpCheckEntered checks that the namespaces a report names are the
// target's for the kinds entered and the test's for the others. A
// namespace the script could not read (a target's /proc without our pid
// in it) is not checked.
func gpCheckEntered(t *testing.T, args []string, report string, target int, enter []string) {
	t.Helper()
	for _, l := range strings.Split(report, "\n") {
		f := strings.Fields(l)
		if len(f) != 3 || f[0] != "ns" {
			continue
		}
		owner := os.Getpid()
		if slices.Contains(enter, f[1]) {
			owner = target
		}
		if want, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/%s", owner, f[1])); f[2] != want {
			t.Errorf("cell nsenter %v: %s is %s, want %s (pid %d's)", args, f[1], f[2], want, owner)
		}
	}
}
