package seccomp

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// seccompSetFilter calls seccomp(SECCOMP_SET_MODE_FILTER, flags, prog) on
// the calling thread and returns its result (a listener fd with
// NEW_LISTENER).
func seccompSetFilter(flags uint, filter []unix.SockFilter) (int, error) {
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	r, _, errno := unix.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER,
		uintptr(flags), uintptr(unsafe.Pointer(&prog)))
	if errno != 0 {
		return -1, errno
	}
	return int(r), nil
}
