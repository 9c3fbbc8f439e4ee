package seccomp

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// The tests below load real filters. A filter cannot be removed, so each
// case runs in a child: the test binary re-executed with helperEnv naming
// the case; TestHelperProcess then runs it on a locked thread.
const helperEnv = "CELL_SECCOMP_HELPER"

func TestHelperProcess(t *testing.T) {
	name := os.Getenv(helperEnv)
	if name == "" {
		t.Skip("runs only as the child of the seccomp kernel tests")
	}
	runtime.LockOSThread()
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		fmt.Fprintln(os.Stderr, "no_new_privs:", err)
		os.Exit(3)
	}
	if err := helperCases[name](); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// runHelper runs one case in a child and returns how it ended.
func runHelper(t *testing.T, name string) (syscall.WaitStatus, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+name)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run helper %s: %v", name, err)
	}
	return cmd.ProcessState.Sys().(syscall.WaitStatus), string(out)
}

func TestKernel(t *testing.T) {
	tests := []struct {
		name   string
		sigsys bool // the child must die of SIGSYS
	}{
		{"rules", false},
		{"default-profile", false},
		{"notify-and-flags", false},
		{"kill-process", true},
		{"i386-not-listed", true},
		{"x32-not-listed", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, out := runHelper(t, tt.name)
			switch {
			case tt.sigsys && !(ws.Signaled() && ws.Signal() == syscall.SIGSYS):
				t.Fatalf("want death by SIGSYS, got %v; output:\n%s", ws, out)
			case !tt.sigsys && ws.ExitStatus() != 0:
				t.Fatalf("helper failed (%v):\n%s", ws, out)
			}
		})
	}
}

var helperCases = map[string]func() error{
	"rules":            helperRules,
	"default-profile":  helperDefaultProfile,
	"notify-and-flags": helperNotify,
	"kill-process": func() error {
		return killCase(nil, specs.LinuxSyscall{Names: []string{"getppid"}, Action: specs.ActKillProcess},
			func() { unix.RawSyscall(unix.SYS_GETPPID, 0, 0, 0) })
	},
	"i386-not-listed": func() error {
		return killCase(nil, specs.LinuxSyscall{Names: []string{"getppid"}, Action: specs.ActErrno},
			func() { int80Syscall(20, 0, 0, 0) })
	},
	"x32-not-listed": func() error {
		return killCase(nil, specs.LinuxSyscall{Names: []string{"getppid"}, Action: specs.ActErrno},
			func() { unix.RawSyscall(x32Bit|unix.SYS_GETPID, 0, 0, 0) })
	},
}

// load compiles s and loads it on the calling thread.
func load(s *specs.LinuxSeccomp, notify bool) (int, error) {
	f, err := Compile(s)
	if err != nil {
		return -1, err
	}
	return Load(f, s.Flags, notify)
}

// killCase loads a default-allow filter with rule, runs do, and reports
// an error if the process is still alive afterwards.
func killCase(arches []specs.Arch, rule specs.LinuxSyscall, do func()) error {
	s := &specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Architectures: arches, Syscalls: []specs.LinuxSyscall{rule}}
	if _, err := load(s, false); err != nil {
		return err
	}
	do()
	return errors.New("still alive")
}

// expect checks a raw syscall result against an errno (0: success).
func expect(what string, errno syscall.Errno, want syscall.Errno) error {
	if errno != want {
		return fmt.Errorf("%s: errno %d (%v), want %d (%v)", what, int(errno), errno, int(want), want)
	}
	return nil
}

func helperRules() error {
	arg := func(i uint, op specs.LinuxSeccompOperator, v, v2 uint64) []specs.LinuxSeccompArg {
		return []specs.LinuxSeccompArg{{Index: i, Op: op, Value: v, ValueTwo: v2}}
	}
	s := &specs.LinuxSeccomp{
		DefaultAction: specs.ActAllow,
		Architectures: []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32},
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"mkdirat"}, Action: specs.ActErrno, ErrnoRet: uptr(uint(unix.EXDEV))},
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(30), Args: arg(0, specs.OpEqualTo, 1<<32|5, 0)},
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(31), Args: arg(1, specs.OpMaskedEqual, 0xf0, 0x20)},
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(32), Args: arg(2, specs.OpGreaterThan, 1<<33, 0)},
			{Names: []string{"uname"}, Action: specs.ActErrno, ErrnoRet: uptr(33), Args: arg(0, specs.OpEqualTo, 0, 0)},
		},
	}
	if _, err := load(s, false); err != nil {
		return err
	}
	atFdcwd := unix.AT_FDCWD
	dir, _ := unix.BytePtrFromString("/nonexistent-cell-dir")
	var uts unix.Utsname
	checks := []struct {
		what  string
		errno syscall.Errno
		want  syscall.Errno
	}{
		{"mkdirat", rawErrno(unix.SYS_MKDIRAT, uintptr(atFdcwd), uintptrOf(dir), 0o755), unix.EXDEV},
		{"getppid 64-bit EQ hit", rawErrno(unix.SYS_GETPPID, 1<<32|5, 0, 0), 30},
		{"getppid EQ low word only", rawErrno(unix.SYS_GETPPID, 5, 0, 0), 0},
		{"getppid MASKED_EQ hit", rawErrno(unix.SYS_GETPPID, 0, 0x12f, 0), 31},
		{"getppid MASKED_EQ miss", rawErrno(unix.SYS_GETPPID, 0, 0x13f, 0), 0},
		{"getppid GT hit", rawErrno(unix.SYS_GETPPID, 0, 0, 1<<33+1), 32},
		{"getppid GT equal", rawErrno(unix.SYS_GETPPID, 0, 0, 1<<33), 0},
		{"uname(NULL)", rawErrno(unix.SYS_UNAME, 0, 0, 0), 33},
		{"uname(buf)", rawErrno(unix.SYS_UNAME, uintptrOf(&uts.Sysname[0]), 0, 0), 0},
		{"getpid", rawErrno(unix.SYS_GETPID, 0, 0, 0), 0},
		{"x32 mkdirat", rawErrno(x32Bit|unix.SYS_MKDIRAT, uintptr(atFdcwd), uintptrOf(dir), 0o755), unix.EXDEV},
		{"i386 mkdirat", int80Errno(296, 0xffffff9c, 0, 0), unix.EXDEV},
		{"i386 getppid EQ on low word", int80Errno(64, 5, 0, 0), 30},
	}
	for _, c := range checks {
		if err := expect(c.what, c.errno, c.want); err != nil {
			return err
		}
	}
	return nil
}

func helperDefaultProfile() error {
	if _, err := load(DefaultProfile(), false); err != nil {
		return err
	}
	src, _ := unix.BytePtrFromString("none")
	checks := []struct {
		what  string
		errno syscall.Errno
		want  syscall.Errno
	}{
		{"getpid", rawErrno(unix.SYS_GETPID, 0, 0, 0), 0},
		{"mount", rawErrno(unix.SYS_MOUNT, uintptrOf(src), uintptrOf(src), uintptrOf(src)), unix.EPERM},
		{"unshare", rawErrno(unix.SYS_UNSHARE, unix.CLONE_NEWUSER, 0, 0), unix.EPERM},
		{"keyctl", rawErrno(unix.SYS_KEYCTL, 0, 0, 0), unix.EPERM},
		{"bpf", rawErrno(unix.SYS_BPF, 0, 0, 0), unix.EPERM},
		{"clone3", rawErrno(unix.SYS_CLONE3, 0, 0, 0), unix.ENOSYS},
		// NEWNS|FS is EINVAL if it gets past the filter: no child is made.
		{"clone NEWNS", rawErrno(unix.SYS_CLONE, unix.CLONE_NEWNS|unix.CLONE_FS, 0, 0), unix.EPERM},
		{"personality bad", rawErrno(unix.SYS_PERSONALITY, 0x1234, 0, 0), unix.EPERM},
		{"personality query", rawErrno(unix.SYS_PERSONALITY, 0xffffffff, 0, 0), 0},
		{"i386 getpid", int80Errno(20, 0, 0, 0), 0},
	}
	for _, c := range checks {
		if err := expect(c.what, c.errno, c.want); err != nil {
			return err
		}
	}
	// fork (clone without namespace flags) and execve, from the filtered
	// thread, as a container's processes do.
	if out, err := exec.Command("/bin/sh", "-c", "echo ok").CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "ok" {
		return fmt.Errorf("sh under the default profile: %v %q", err, out)
	}
	return nil
}

func helperNotify() error {
	s := &specs.LinuxSeccomp{
		DefaultAction: specs.ActAllow,
		Flags:         []specs.LinuxSeccompFlag{specs.LinuxSeccompFlagLog, specs.LinuxSeccompFlagSpecAllow},
		Syscalls:      []specs.LinuxSyscall{{Names: []string{"getppid"}, Action: specs.ActNotify}},
	}
	fd, err := load(s, true)
	if err != nil {
		return err
	}
	if fd < 0 {
		return fmt.Errorf("notify fd %d", fd)
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
		return fmt.Errorf("notify fd %d: %w", fd, err)
	}
	// A second filter with TSYNC, on all threads.
	s2 := &specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Flags: []specs.LinuxSeccompFlag{flagTSync},
		Syscalls: []specs.LinuxSyscall{{Names: []string{"acct"}, Action: specs.ActErrno}}}
	if fd, err := load(s2, false); err != nil || fd != -1 {
		return fmt.Errorf("TSYNC load: fd %d, %v", fd, err)
	}
	return expect("acct", rawErrno(unix.SYS_ACCT, 0, 0, 0), unix.EPERM)
}
