package container

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// sealedSelf returns the running cell binary opened so that nobody can
// write through it. The init runs from that file, so a process inside the
// container that reaches /proc/PID/exe of the init (or of an exec) can
// only reach a file nobody can write (CVE-2019-5736), never the host's
// binary itself. It prefers a read-only overlay of the binary (a few
// syscalls) and falls back to a sealed memfd copy (copying megabytes on
// every create) where the kernel or our privileges refuse the overlay.
func sealedSelf() (*os.File, error) {
	if f, err := overlaySelf(); err == nil {
		return f, nil
	}
	return memfdSelf()
}

// memfdSelf copies the binary into a memfd sealed against every change.
func memfdSelf() (*os.File, error) {
	src, err := os.Open("/proc/self/exe")
	if err != nil {
		return nil, fmt.Errorf("open own binary: %w", err)
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat own binary: %w", err)
	}
	fd, err := unix.MemfdCreate("cell", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, fmt.Errorf("memfd_create: %w", err)
	}
	mem := os.NewFile(uintptr(fd), "cell-memfd")
	for left := fi.Size(); left > 0; {
		n, err := unix.Sendfile(fd, int(src.Fd()), nil, int(left))
		if err != nil {
			mem.Close()
			return nil, fmt.Errorf("copy own binary: %w", err)
		}
		if n == 0 {
			break
		}
		left -= int64(n)
	}
	seals := unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, seals); err != nil {
		mem.Close()
		return nil, fmt.Errorf("seal own binary: %w", err)
	}
	return mem, nil
}
