package seccomp

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestDefaultProfile(t *testing.T) {
	r, err := CompileReport(DefaultProfile())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Unknown) > 0 {
		t.Errorf("names no x86 ABI knows: %v", r.Unknown)
	}
	seen := map[string]bool{}
	for _, n := range defaultAllowed {
		if seen[n] {
			t.Errorf("%s listed twice", n)
		}
		seen[n] = true
	}
	t.Logf("default profile: %d instructions", len(r.Filter))
	vm := newVM(t, r.Filter)
	eperm := retErrno(uint32(unix.EPERM))
	tests := []struct {
		name string
		c    call
		want uint32
	}{
		{"read", native(unix.SYS_READ), retAllow},
		{"mount", native(unix.SYS_MOUNT), eperm},
		{"kexec_load", native(unix.SYS_KEXEC_LOAD), eperm},
		{"open_by_handle_at", native(unix.SYS_OPEN_BY_HANDLE_AT), eperm},
		{"userfaultfd", native(unix.SYS_USERFAULTFD), eperm},
		{"clone thread", native(unix.SYS_CLONE, unix.CLONE_VM|unix.CLONE_THREAD), retAllow},
		{"clone newuser", native(unix.SYS_CLONE, unix.CLONE_NEWUSER), eperm},
		{"clone newuser high bits", native(unix.SYS_CLONE, 1<<40|unix.CLONE_NEWUSER), eperm},
		{"clone3", native(unix.SYS_CLONE3), retErrno(uint32(unix.ENOSYS))},
		{"personality 8", native(unix.SYS_PERSONALITY, 8), retAllow},
		{"i386 socketcall", call{arch: unix.AUDIT_ARCH_I386, nr: 102}, retAllow},
		{"i386 mount", call{arch: unix.AUDIT_ARCH_I386, nr: 21}, eperm},
		{"x32 ioctl", native(x32Bit | 514), retAllow},
		{"x32 mount", native(x32Bit | unix.SYS_MOUNT), eperm},
	}
	for _, tt := range tests {
		if got := eval(t, vm, tt.c); got != tt.want {
			t.Errorf("%s: got %#x, want %#x", tt.name, got, tt.want)
		}
	}
	p := DefaultProfile()
	p.Syscalls[0].Names[0] = "changed"
	if DefaultProfile().Syscalls[0].Names[0] == "changed" {
		t.Error("DefaultProfile shares its name slice")
	}
}
