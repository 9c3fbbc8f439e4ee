package seccomp

import (
	"syscall"
	"unsafe"

	"github.com/cell-runtime/cell/internal/security/seccomp/internal/int80"
	"golang.org/x/sys/unix"
)

// uintptrOf passes a pointer to a raw syscall.
func uintptrOf[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }

// rawErrno makes a native syscall and returns its errno (0: success).
func rawErrno(nr, a1, a2, a3 uintptr) syscall.Errno {
	_, _, e := unix.RawSyscall(nr, a1, a2, a3)
	return e
}

// int80Syscall makes an i386 syscall.
func int80Syscall(nr, a1, a2, a3 uintptr) int32 { return int80.Syscall(nr, a1, a2, a3) }

// int80Errno makes an i386 syscall and returns its errno (0: success).
func int80Errno(nr, a1, a2, a3 uintptr) syscall.Errno {
	if r := int80.Syscall(nr, a1, a2, a3); r < 0 && r > -4096 {
		return syscall.Errno(-r)
	}
	return 0
}
