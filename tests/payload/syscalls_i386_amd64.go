package main

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// i386 system call numbers (arch/x86/entry/syscalls/syscall_32.tbl).
const (
	i386Getpid  = 20
	i386Keyctl  = 288
	i386Unshare = 310
)

// int80 makes i386 system call nr with the int $0x80 instruction, which
// the kernel (with CONFIG_IA32_EMULATION) runs as the i386 ABI even in a
// 64-bit process; seccomp sees AUDIT_ARCH_I386. It returns the raw result,
// a negative errno on failure.
func int80(nr, a1, a2, a3 uintptr) int32

// int80Err makes an i386 system call and returns its error, nil on
// success.
func int80Err(nr, a1, a2, a3 uintptr) error {
	if r := int80(nr, a1, a2, a3); r < 0 && r > -4096 {
		return syscall.Errno(-r)
	}
	return nil
}

func init() {
	// The same probes through the i386 entry point: a filter that only
	// knew x86-64 numbers would let these through.
	probes["i386-getpid"] = func() error { return int80Err(i386Getpid, 0, 0, 0) }
	probes["i386-keyctl"] = func() error {
		userKeyring := int32(unix.KEY_SPEC_USER_KEYRING)
		err := int80Err(i386Keyctl, unix.KEYCTL_GET_KEYRING_ID, uintptr(uint32(userKeyring)), 0)
		if err == unix.ENOKEY {
			return nil
		}
		return err
	}
	probes["i386-unshare"] = func() error {
		return onThrowawayThread(func() error { return int80Err(i386Unshare, unix.CLONE_NEWUTS, 0, 0) })
	}
}
