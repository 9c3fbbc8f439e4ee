package rootfs

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// devLinks adds /dev/fd, /dev/std{in,out,err}, /dev/ptmx -> pts/ptmx and,
// when the kernel has it, /dev/core -> /proc/kcore. An existing entry is
// kept, except /dev/ptmx, which is replaced.
func devLinks(dev *os.File) error {
	links := [][2]string{
		{"fd", "/proc/self/fd"},
		{"stdin", "/proc/self/fd/0"},
		{"stdout", "/proc/self/fd/1"},
		{"stderr", "/proc/self/fd/2"},
	}
	if _, err := os.Stat("/proc/kcore"); err == nil {
		links = append(links, [2]string{"core", "/proc/kcore"})
	}
	for _, l := range links {
		err := unix.Symlinkat(l[1], int(dev.Fd()), l[0])
		if err != nil && !errors.Is(err, unix.EEXIST) {
			return fmt.Errorf("link /dev/%s: %w", l[0], err)
		}
	}
	return ptmxLink(dev)
}

// ptmxLink points /dev/ptmx at the container's own devpts instance.
func ptmxLink(dev *os.File) error {
	err := unix.Unlinkat(int(dev.Fd()), "ptmx", 0)
	if err != nil && !errors.Is(err, unix.ENOENT) {
		return fmt.Errorf("remove /dev/ptmx: %w", err)
	}
	if err := unix.Symlinkat("pts/ptmx", int(dev.Fd()), "ptmx"); err != nil {
		return fmt.Errorf("link /dev/ptmx: %w", err)
	}
	return nil
}
