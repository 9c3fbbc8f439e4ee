package seccomp

import (
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

func uptr(v uint) *uint { return &v }

const (
	retAllow = unix.SECCOMP_RET_ALLOW
	retKillP = unix.SECCOMP_RET_KILL_PROCESS
)

func retErrno(e uint32) uint32 { return unix.SECCOMP_RET_ERRNO | e }

func mustCompile(t testing.TB, s *specs.LinuxSeccomp) []unix.SockFilter {
	t.Helper()
	f, err := Compile(s)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return f
}

func TestCompileDispatch(t *testing.T) {
	s := &specs.LinuxSeccomp{
		DefaultAction: specs.ActAllow,
		Architectures: []specs.Arch{specs.ArchX86_64, specs.ArchX86},
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"mkdirat"}, Action: specs.ActErrno, ErrnoRet: uptr(18)},
			{Names: []string{"getppid", "gettid"}, Action: specs.ActErrno},
			{Names: []string{"kexec_load"}, Action: specs.ActKillThread},
			{Names: []string{"reboot"}, Action: specs.ActKill},
			{Names: []string{"bpf"}, Action: specs.ActTrap},
			{Names: []string{"acct"}, Action: specs.ActLog},
			{Names: []string{"swapon"}, Action: specs.ActTrace},
			{Names: []string{"syslog"}, Action: specs.ActNotify},
			{Names: []string{"getpid"}, Action: specs.ActAllow},
		},
	}
	vm := newVM(t, mustCompile(t, s))
	i386 := func(nr uint32) call { return call{arch: unix.AUDIT_ARCH_I386, nr: nr} }
	tests := []struct {
		name string
		c    call
		want uint32
	}{
		{"mkdirat errnoRet", native(unix.SYS_MKDIRAT), retErrno(18)},
		{"getppid EPERM", native(unix.SYS_GETPPID), retErrno(uint32(unix.EPERM))},
		{"gettid EPERM", native(unix.SYS_GETTID), retErrno(uint32(unix.EPERM))},
		{"kill thread", native(unix.SYS_KEXEC_LOAD), unix.SECCOMP_RET_KILL_THREAD},
		{"kill", native(unix.SYS_REBOOT), unix.SECCOMP_RET_KILL_THREAD},
		{"trap", native(unix.SYS_BPF), unix.SECCOMP_RET_TRAP},
		{"log", native(unix.SYS_ACCT), unix.SECCOMP_RET_LOG},
		{"trace", native(unix.SYS_SWAPON), unix.SECCOMP_RET_TRACE | uint32(unix.EPERM)},
		{"notify", native(unix.SYS_SYSLOG), unix.SECCOMP_RET_USER_NOTIF},
		{"default", native(unix.SYS_READ), retAllow},
		{"i386 mkdirat", i386(296), retErrno(18)},
		{"i386 getppid", i386(64), retErrno(uint32(unix.EPERM))},
		{"i386 read", i386(3), retAllow},
		{"x32 not listed", native(0x40000000 | unix.SYS_READ), retKillP},
		{"foreign arch", call{arch: unix.AUDIT_ARCH_AARCH64, nr: 1}, retKillP},
		{"nr -1", native(0xffffffff), retAllow},
	}
	for _, tt := range tests {
		if got := eval(t, vm, tt.c); got != tt.want {
			t.Errorf("%s: got %#x, want %#x", tt.name, got, tt.want)
		}
	}
}

func TestCompileArches(t *testing.T) {
	rule := []specs.LinuxSyscall{{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(55)}}
	tests := []struct {
		name   string
		arches []specs.Arch
		c      call
		want   uint32
	}{
		{"empty list: native", nil, native(unix.SYS_GETPPID), retErrno(55)},
		{"empty list: no i386", nil, call{arch: unix.AUDIT_ARCH_I386, nr: 64}, retKillP},
		{"empty list: no x32", nil, native(0x40000000 | 110), retKillP},
		{"x32 listed", []specs.Arch{specs.ArchX32}, native(0x40000000 | 110), retErrno(55)},
		{"x32 listed: native kept", []specs.Arch{specs.ArchX32}, native(unix.SYS_GETPPID), retErrno(55)},
		{"x32: 64-only number", []specs.Arch{specs.ArchX32}, native(0x40000000 | 16), retErrno(99)},
		{"x32 ioctl", []specs.Arch{specs.ArchX32}, native(0x40000000 | 514), retAllow},
		{"aarch64 ignored", []specs.Arch{specs.ArchAARCH64}, call{arch: unix.AUDIT_ARCH_AARCH64}, retKillP},
	}
	for _, tt := range tests {
		s := &specs.LinuxSeccomp{DefaultAction: specs.ActErrno, DefaultErrnoRet: uptr(99),
			Architectures: tt.arches, Syscalls: append(rule, specs.LinuxSyscall{Names: []string{"ioctl"}, Action: specs.ActAllow})}
		vm := newVM(t, mustCompile(t, s))
		if got := eval(t, vm, tt.c); got != tt.want {
			t.Errorf("%s: got %#x, want %#x", tt.name, got, tt.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	ok := specs.LinuxSyscall{Names: []string{"read"}, Action: specs.ActAllow}
	tests := []struct {
		name string
		s    specs.LinuxSeccomp
		want string
	}{
		{"unknown default", specs.LinuxSeccomp{DefaultAction: "SCMP_ACT_NOPE"}, `unknown action "SCMP_ACT_NOPE"`},
		{"notify default", specs.LinuxSeccomp{DefaultAction: specs.ActNotify}, "cannot be the default"},
		{"errnoRet on allow", specs.LinuxSeccomp{DefaultAction: specs.ActAllow, DefaultErrnoRet: uptr(1)}, "errnoRet is only valid"},
		{"errno too big", specs.LinuxSeccomp{DefaultAction: specs.ActErrno, DefaultErrnoRet: uptr(70000)}, "above 4095"},
		{"unknown arch", specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Architectures: []specs.Arch{"SCMP_ARCH_Z80"}}, "unknown architecture"},
		{"no names", specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{ok, {Action: specs.ActAllow}}}, "syscalls[1]: no names"},
		{"rule action", specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{{Names: []string{"read"}, Action: "X"}}}, `syscalls[0] read: unknown action "X"`},
		{"arg index", specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{{Names: []string{"read"}, Action: specs.ActErrno,
			Args: []specs.LinuxSeccompArg{{Index: 6, Op: specs.OpEqualTo}}}}}, "args[0]: index 6 out of range"},
		{"arg op", specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{{Names: []string{"read"}, Action: specs.ActErrno,
			Args: []specs.LinuxSeccompArg{{Index: 0, Op: "SCMP_CMP_ABOUT"}}}}}, `unknown operator "SCMP_CMP_ABOUT"`},
	}
	for _, tt := range tests {
		_, err := Compile(&tt.s)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestCompileReport(t *testing.T) {
	s := &specs.LinuxSeccomp{
		DefaultAction: specs.ActAllow,
		Architectures: []specs.Arch{specs.ArchX86_64, specs.ArchAARCH64},
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read", "no_such_call", "socketcall", "no_such_call"}, Action: specs.ActErrno},
			{Names: []string{"write"}, Action: specs.ActNotify},
		},
	}
	r, err := CompileReport(s)
	if err != nil {
		t.Fatal(err)
	}
	// socketcall exists on i386 only, which is not enabled here.
	if got := strings.Join(r.Unknown, ","); got != "no_such_call,socketcall" {
		t.Errorf("Unknown = %q", got)
	}
	if len(r.IgnoredArches) != 1 || r.IgnoredArches[0] != specs.ArchAARCH64 {
		t.Errorf("IgnoredArches = %v", r.IgnoredArches)
	}
	if !r.Notify {
		t.Error("Notify = false")
	}
	if f, err := Compile(nil); f != nil || err != nil {
		t.Errorf("Compile(nil) = %v, %v", f, err)
	}
}

func TestCompilePrecedence(t *testing.T) {
	s := &specs.LinuxSeccomp{
		DefaultAction: specs.ActAllow,
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(1)},
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(2),
				Args: []specs.LinuxSeccompArg{{Index: 0, Value: 7, Op: specs.OpEqualTo}}},
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(3)},
			// two conditions ANDed
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(4), Args: []specs.LinuxSeccompArg{
				{Index: 0, Value: 8, Op: specs.OpEqualTo}, {Index: 5, Value: 1 << 40, Op: specs.OpGreaterEqual}}},
			// several rules ORed
			{Names: []string{"getppid"}, Action: specs.ActErrno, ErrnoRet: uptr(5),
				Args: []specs.LinuxSeccompArg{{Index: 1, Value: 9, Op: specs.OpEqualTo}}},
		},
	}
	vm := newVM(t, mustCompile(t, s))
	tests := []struct {
		c    call
		want uint32
	}{
		{native(unix.SYS_GETPPID), retErrno(1)},
		{native(unix.SYS_GETPPID, 7), retErrno(2)},
		{native(unix.SYS_GETPPID, 8, 0, 0, 0, 0, 1<<40), retErrno(4)},
		{native(unix.SYS_GETPPID, 8, 0, 0, 0, 0, 1<<40-1), retErrno(1)},
		{native(unix.SYS_GETPPID, 8, 9), retErrno(5)},
		{native(unix.SYS_GETPPID, 7, 9), retErrno(2)},
		{native(unix.SYS_GETPID, 7), retAllow},
	}
	for i, tt := range tests {
		if got := eval(t, vm, tt.c); got != tt.want {
			t.Errorf("%d %v: got %#x, want %#x", i, tt.c.args, got, tt.want)
		}
	}
}

// TestCompileLongGroup allows every x86_64 syscall one by one, so that
// the jeq runs must be split into several chunks.
func TestCompileLongGroup(t *testing.T) {
	var names []string
	for n := range syscallsX86_64() {
		names = append(names, n)
	}
	s := &specs.LinuxSeccomp{DefaultAction: specs.ActKillProcess,
		Syscalls: []specs.LinuxSyscall{{Names: names, Action: specs.ActAllow}}}
	vm := newVM(t, mustCompile(t, s))
	for n, nr := range syscallsX86_64() {
		if got := eval(t, vm, native(nr)); got != retAllow {
			t.Errorf("%s (%d): got %#x", n, nr, got)
		}
	}
	if got := eval(t, vm, native(400)); got != retKillP {
		t.Errorf("unused number 400: got %#x", got)
	}
}
