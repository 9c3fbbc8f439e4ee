package rootfs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// procAllowed are the files below /proc that may be mount destinations
// (lxcfs-style views); anything else there could hide a masked path.
var procAllowed = map[string]bool{
	"/proc/cpuinfo": true, "/proc/diskstats": true, "/proc/meminfo": true,
	"/proc/stat": true, "/proc/swaps": true, "/proc/uptime": true,
	"/proc/loadavg": true, "/proc/slabinfo": true,
	"/proc/sys/kernel/ns_last_pid": true,
}

// checkProcDest refuses a mount at /proc of anything but procfs, and a
// mount below /proc unless it is on the allow list (CVE-2019-16884: a
// volume over /proc would fake the files cell writes and hide masked
// paths). fstype is "" for a bind mount.
func checkProcDest(dst, fstype string) error {
	switch {
	case dst == "/proc" && fstype != "proc":
		return fmt.Errorf("mount at %q: %w (only procfs)", dst, ErrProcDestination)
	case dst == "/proc", !isUnder(dst, "/proc"), procAllowed[dst]:
		return nil
	}
	return fmt.Errorf("mount at %q: %w", dst, ErrProcDestination)
}

// checkResolvedDest applies checkProcDest to where f, a mount target
// opened inside r, really is: a destination reached through a symlink
// inside the rootfs (or swapped for one, CVE-2021-30465) is checked as the
// path the mount would land on.
func checkResolvedDest(r *rootDir, f *os.File, fstype string) error {
	got, err := os.Readlink(fdPath(f))
	if err != nil {
		return fmt.Errorf("check mount target: %w", err)
	}
	rel, err := filepath.Rel(r.path, got)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("mount target %q: %w", got, ErrEscaped)
	}
	return checkProcDest(filepath.Clean("/"+rel), fstype)
}

// mountPseudo mounts proc or sysfs. Their destination must be a real
// directory, never a symlink (CVE-2019-16884: a symlink could turn the
// mount into one over a path that should stay masked). sysfs falls back to
// a recursive bind of the host's /sys when the kernel refuses a fresh one
// (a user namespace without its own network namespace).
func mountPseudo(r *rootDir, m specs.Mount, mo mountOpts) error {
	if err := checkRealDir(r, m.Destination); err != nil {
		return err
	}
	err := mountFresh(r, m, mo)
	if m.Type == "sysfs" && errors.Is(err, unix.EPERM) {
		bind := specs.Mount{Destination: m.Destination, Source: "/sys", Options: slices.Concat(m.Options, []string{"rbind"})}
		return mountBind(r, bind, parseMountOptions(bind.Options))
	}
	return err
}

// checkRealDir fails if dst, its parents resolved inside the root, exists
// and is a symlink or not a directory.
func checkRealDir(r *rootDir, dst string) error {
	_, rel, err := r.join(filepath.Dir(dst))
	if err != nil {
		return err
	}
	var st unix.Stat_t
	at := filepath.Join(rel, filepath.Base(dst))
	err = unix.Fstatat(int(r.f.Fd()), at, &st, unix.AT_SYMLINK_NOFOLLOW)
	switch {
	case errors.Is(err, unix.ENOENT):
		return nil
	case err != nil:
		return fmt.Errorf("stat %q: %w", dst, err)
	case st.Mode&unix.S_IFMT == unix.S_IFLNK:
		return fmt.Errorf("%q: %w", dst, ErrSymlink)
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return fmt.Errorf("%q: %w", dst, ErrNotDir)
	}
	return nil
}
