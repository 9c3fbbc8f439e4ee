// Package int80 makes i386 system calls from a 64-bit process with the
// int $0x80 instruction, which the kernel handles as the i386 ABI
// (seccomp sees AUDIT_ARCH_I386). It exists only for the seccomp tests;
// it needs CONFIG_IA32_EMULATION.
package int80

// Syscall makes i386 system call nr with three arguments and returns the
// raw result (a negative errno on failure).
func Syscall(nr, a1, a2, a3 uintptr) int32
