package rootfs

import (
	"fmt"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// Finish completes the root from inside it, after Enter: linux.sysctl
// (before /proc/sys may turn read-only), linux.readonlyPaths,
// linux.maskedPaths, root.readonly, and the umask 022 runc leaves.
// Masked and read-only paths are mounted through /proc/self/fd, so they
// need the container's /proc mounted.
func Finish(s *specs.Spec) error {
	if s.Linux != nil {
		if err := WriteSysctls(s.Linux.Sysctl, namespacesOf(s)); err != nil {
			return err
		}
		if err := ReadonlyPaths(s.Linux.ReadonlyPaths); err != nil {
			return err
		}
		if err := MaskPaths(s.Linux.MaskedPaths); err != nil {
			return err
		}
	}
	if s.Root != nil && s.Root.Readonly {
		if err := readonlyRoot(); err != nil {
			return err
		}
	}
	unix.Umask(0o022)
	return nil
}

// namespacesOf is the set of namespace types the container does not share
// with its runtime (new, or joined by path).
func namespacesOf(s *specs.Spec) map[specs.LinuxNamespaceType]bool {
	out := map[specs.LinuxNamespaceType]bool{}
	if s.Linux != nil {
		for _, ns := range s.Linux.Namespaces {
			out[ns.Type] = true
		}
	}
	return out
}

// openInRoot opens p below the current root as O_PATH, following
// symlinks only inside it and never through /proc magic links.
func openInRoot(root *os.File, p string) (*os.File, error) {
	how := unix.OpenHow{
		Flags:   unix.O_PATH | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS,
	}
	fd, err := unix.Openat2(int(root.Fd()), p, &how)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), p), nil
}

// openSlash opens the current root directory as O_PATH.
func openSlash() (*os.File, error) {
	f, err := os.OpenFile("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open /: %w", err)
	}
	return f, nil
}
