package nstools

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == ChildCommand {
		fmt.Fprintln(os.Stderr, Child(os.Args[2:]))
		os.Exit(1)
	}
	if len(os.Args) > 1 && os.Args[1] == "pivot-test" {
		if err := pivotChild(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates namespaces")
	}
}

func cellUnshare(t *testing.T, o UnshareOptions) string {
	t.Helper()
	var out bytes.Buffer
	code, err := Unshare(SelfExe, o, Stdio{Out: &out, Err: &out})
	if err != nil || code != 0 {
		t.Fatalf("Unshare %+v: %d, %v: %s", o, code, err, out.String())
	}
	return out.String()
}

func utilLinux(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, out)
	}
	return string(out)
}

func TestUnshareMatchesUtilLinux(t *testing.T) {
	needRoot(t)
	host, _ := os.Hostname()
	tests := []struct {
		name string
		opts UnshareOptions
		args []string // util-linux unshare arguments
		want string   // expected output when not empty
	}{
		{"uts", UnshareOptions{Flags: unix.CLONE_NEWUTS, Argv: []string{"sh", "-c", "hostname x; hostname"}},
			[]string{"-u", "sh", "-c", "hostname x; hostname"}, "x\n"},
		{"pid", UnshareOptions{Flags: unix.CLONE_NEWPID, Fork: true, MountProc: "/proc", Argv: []string{"ps", "-o", "pid=,comm="}},
			[]string{"-p", "-f", "--mount-proc", "ps", "-o", "pid=,comm="}, ""},
		{"user", UnshareOptions{MapRootUser: true, Argv: []string{"sh", "-c", "id -u; id -g; cat /proc/self/setgroups"}},
			[]string{"-r", "sh", "-c", "id -u; id -g; cat /proc/self/setgroups"}, "0\n0\ndeny\n"},
		{"net", UnshareOptions{Flags: unix.CLONE_NEWNET, Argv: []string{"sh", "-c", "ip -o link | cut -d' ' -f2"}},
			[]string{"-n", "sh", "-c", "ip -o link | cut -d' ' -f2"}, "lo:\n"},
		{"mount", UnshareOptions{Flags: unix.CLONE_NEWNS, Argv: []string{"findmnt", "-no", "PROPAGATION", "/"}},
			[]string{"-m", "findmnt", "-no", "PROPAGATION", "/"}, "private\n"},
		{"mount-slave", UnshareOptions{Flags: unix.CLONE_NEWNS, Propagation: "slave", Argv: []string{"findmnt", "-no", "PROPAGATION", "/"}},
			[]string{"-m", "--propagation", "slave", "findmnt", "-no", "PROPAGATION", "/"}, ""},
		{"ipc-cgroup", UnshareOptions{Flags: unix.CLONE_NEWIPC | unix.CLONE_NEWCGROUP, Argv: []string{"cat", "/proc/self/cgroup"}},
			[]string{"-i", "-C", "cat", "/proc/self/cgroup"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := cellUnshare(t, tc.opts)
			ref := utilLinux(t, "unshare", tc.args...)
			if got != ref {
				t.Errorf("cell unshare printed %q, util-linux %q", got, ref)
			}
			if tc.want != "" && got != tc.want {
				t.Errorf("cell unshare printed %q, want %q", got, tc.want)
			}
		})
	}
	if h, _ := os.Hostname(); h != host {
		t.Fatalf("host name changed from %q to %q", host, h)
	}
}

func TestUnsharePidOneAndTime(t *testing.T) {
	needRoot(t)
	out := cellUnshare(t, UnshareOptions{Flags: unix.CLONE_NEWPID, MountProc: "/proc", Argv: []string{"ps", "-o", "pid=,comm="}})
	if strings.TrimSpace(out) != "1 ps" {
		t.Fatalf("ps in new pid namespace without -f: %q, want pid 1", out)
	}
	hostTime, _ := os.Readlink("/proc/self/ns/time")
	out = cellUnshare(t, UnshareOptions{Flags: unix.CLONE_NEWTIME, Argv: []string{"readlink", "/proc/self/ns/time"}})
	if strings.TrimSpace(out) == hostTime || !strings.HasPrefix(out, "time:[") {
		t.Fatalf("time namespace %q, host %q", out, hostTime)
	}
}

func TestUnshareExitStatus(t *testing.T) {
	needRoot(t)
	code, err := Unshare(SelfExe, UnshareOptions{Flags: unix.CLONE_NEWNS, Argv: []string{"sh", "-c", "exit 3"}}, Stdio{})
	if err != nil || code != 3 {
		t.Fatalf("exit status %d, %v; want 3", code, err)
	}
	if _, err := Unshare(SelfExe, UnshareOptions{Propagation: "bogus"}, Stdio{}); err == nil {
		t.Fatal("bad propagation accepted")
	}
}

// target starts sleep in new namespaces and returns its pid.
func target(t *testing.T, attr *syscall.SysProcAttr) int {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	cmd.SysProcAttr = attr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd.Process.Pid
}

func TestNsenterMatchesUtilLinux(t *testing.T) {
	needRoot(t)
	pid := target(t, &syscall.SysProcAttr{
		Cloneflags:  unix.CLONE_NEWNET | unix.CLONE_NEWUTS | unix.CLONE_NEWPID | unix.CLONE_NEWUSER | unix.CLONE_NEWIPC,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}},
	})
	pidNS, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/pid", pid))
	tests := []struct {
		name    string
		letters []string
		argv    []string
		want    string
	}{
		{"net", []string{"n"}, []string{"ip", "link"}, ""},
		{"uts", []string{"u"}, []string{"hostname"}, ""},
		{"ipc", []string{"i"}, []string{"readlink", "/proc/self/ns/ipc"}, ""},
		{"pid", []string{"p"}, []string{"readlink", "/proc/self/ns/pid"}, pidNS + "\n"},
		{"user", []string{"U"}, []string{"sh", "-c", "id -u; id -g"}, "0\n0\n"},
		{"user+net", []string{"U", "n"}, []string{"sh", "-c", "id -u; ip -o link | wc -l"}, "0\n1\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := NsenterOptions{Target: pid, Enter: map[string]string{}, Argv: tc.argv}
			args := []string{"-t", fmt.Sprint(pid)}
			for _, l := range tc.letters {
				o.Enter[l] = ""
				args = append(args, "-"+l)
			}
			var out bytes.Buffer
			code, err := Nsenter(SelfExe, o, Stdio{Out: &out, Err: &out})
			if err != nil || code != 0 {
				t.Fatalf("Nsenter: %d, %v: %s", code, err, out.String())
			}
			ref := utilLinux(t, "nsenter", append(args, tc.argv...)...)
			if out.String() != ref {
				t.Errorf("cell nsenter printed %q, util-linux %q", out.String(), ref)
			}
			if tc.want != "" && out.String() != tc.want {
				t.Errorf("cell nsenter printed %q, want %q", out.String(), tc.want)
			}
		})
	}
}

func TestNsenterFileAndErrors(t *testing.T) {
	needRoot(t)
	pid := target(t, &syscall.SysProcAttr{Cloneflags: unix.CLONE_NEWUTS})
	var out bytes.Buffer
	o := NsenterOptions{Enter: map[string]string{"u": fmt.Sprintf("/proc/%d/ns/uts", pid)}, Argv: []string{"sh", "-c", "exit 7"}}
	if code, err := Nsenter(SelfExe, o, Stdio{Out: &out, Err: &out}); err != nil || code != 7 {
		t.Fatalf("Nsenter by file: %d, %v: %s", code, err, out.String())
	}
	if _, err := Nsenter(SelfExe, NsenterOptions{Enter: map[string]string{"n": ""}}, Stdio{}); err == nil {
		t.Fatal("nsenter without target or file accepted")
	}
	code, _ := Nsenter(SelfExe, NsenterOptions{Enter: map[string]string{"n": "/nonexistent"}, Argv: []string{"true"}}, Stdio{Out: &out, Err: &out})
	if code == 0 {
		t.Fatal("nsenter into a missing file succeeded")
	}
}

// pivotChild runs in a new mount namespace: it pivots into a tmpfs and
// checks that the old root is under put_old.
func pivotChild(dir string) error {
	if err := unix.Mount("", "/", "", unix.MS_PRIVATE|unix.MS_REC, ""); err != nil {
		return err
	}
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, ""); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(dir, "old"), 0o755); err != nil {
		return err
	}
	if err := PivotRoot(dir, filepath.Join(dir, "old")); err != nil {
		return err
	}
	if err := os.Chdir("/"); err != nil {
		return err
	}
	if _, err := os.Stat("/old/proc/self"); err != nil {
		return fmt.Errorf("old root not under /old: %w", err)
	}
	var st unix.Statfs_t
	if err := unix.Statfs("/", &st); err != nil || st.Type != unix.TMPFS_MAGIC {
		return fmt.Errorf("/ is not the tmpfs: %v %x", err, st.Type)
	}
	return nil
}

func TestPivotRoot(t *testing.T) {
	needRoot(t)
	cmd := exec.Command(SelfExe, "pivot-test", t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: unix.CLONE_NEWNS}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pivot: %v: %s", err, out)
	}
	if err := PivotRoot("/nonexistent-a", "/nonexistent-b"); err == nil {
		t.Fatal("pivot_root to a missing directory succeeded")
	}
}
