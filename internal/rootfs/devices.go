package rootfs

import (
	"errors"
	"fmt"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// defaultDevices are created in every /dev the runtime sets up, unless
// linux.devices names the same path.
var defaultDevices = []specs.LinuxDevice{
	{Path: "/dev/null", Type: "c", Major: 1, Minor: 3},
	{Path: "/dev/zero", Type: "c", Major: 1, Minor: 5},
	{Path: "/dev/full", Type: "c", Major: 1, Minor: 7},
	{Path: "/dev/random", Type: "c", Major: 1, Minor: 8},
	{Path: "/dev/urandom", Type: "c", Major: 1, Minor: 9},
	{Path: "/dev/tty", Type: "c", Major: 5, Minor: 0},
}

// setupDev fills the rootfs's /dev: default devices, linux.devices, and
// the standard links.
func setupDev(r *rootDir, s *specs.Spec) error {
	dev, err := openDev(r)
	if err != nil {
		return fmt.Errorf("set up /dev: %w", err)
	}
	defer dev.Close()
	bind := inUserNamespace()
	for _, d := range devicesOf(s) {
		if err := makeDevice(dev, d, bind); err != nil {
			return fmt.Errorf("create device %q: %w", d.Path, err)
		}
	}
	return devLinks(dev)
}

// devicesOf lists the default devices not overridden, then linux.devices.
func devicesOf(s *specs.Spec) []specs.LinuxDevice {
	var spec []specs.LinuxDevice
	if s.Linux != nil {
		spec = s.Linux.Devices
	}
	named := map[string]bool{}
	for _, d := range spec {
		named[cleanDest(d.Path)] = true
	}
	var out []specs.LinuxDevice
	for _, d := range defaultDevices {
		if !named[d.Path] {
			out = append(out, d)
		}
	}
	return append(out, spec...)
}

// makeDevice creates d with mknod, or binds the host's node when mknod
// is not permitted (a user namespace), then sets its mode and owner.
func makeDevice(dev *os.File, d specs.LinuxDevice, bind bool) error {
	dir, name, err := devParent(dev, d.Path)
	if err != nil {
		return err
	}
	defer dir.Close()
	if !bind {
		err = mknodDevice(dir, name, d)
	}
	if bind || errors.Is(err, unix.EPERM) {
		return bindDevice(dir, name, d.Path)
	}
	return err
}

// deviceMode is d's file type bits and permissions (0666 when unset).
func deviceMode(d specs.LinuxDevice) (uint32, error) {
	perm := uint32(0o666)
	if d.FileMode != nil {
		perm = uint32(d.FileMode.Perm())
	}
	switch d.Type {
	case "c", "u":
		return unix.S_IFCHR | perm, nil
	case "b":
		return unix.S_IFBLK | perm, nil
	case "p":
		return unix.S_IFIFO | perm, nil
	}
	return 0, fmt.Errorf("device type %q: unknown", d.Type)
}

// mknodDevice creates the node (or accepts an identical one) and sets its
// permissions and owner through an O_PATH handle.
func mknodDevice(dir *os.File, name string, d specs.LinuxDevice) error {
	mode, err := deviceMode(d)
	if err != nil {
		return err
	}
	rdev := int(unix.Mkdev(uint32(d.Major), uint32(d.Minor)))
	err = unix.Mknodat(int(dir.Fd()), name, mode, rdev)
	if err != nil && !errors.Is(err, unix.EEXIST) {
		return err
	}
	f, err := openPathAt(dir, name)
	if err != nil {
		return symlinkErr(err)
	}
	defer f.Close()
	if err := checkNode(f, mode, uint64(rdev)); err != nil {
		return err
	}
	return chownChmod(f, d, mode)
}

// checkNode fails unless f is a node of mode's type and rdev.
func checkNode(f *os.File, mode uint32, rdev uint64) error {
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT == unix.S_IFLNK {
		return ErrSymlink
	}
	if st.Mode&unix.S_IFMT != mode&unix.S_IFMT || (mode&unix.S_IFMT != unix.S_IFIFO && st.Rdev != rdev) {
		return fmt.Errorf("exists as another file (mode %#o)", st.Mode)
	}
	return nil
}

// chownChmod sets permissions (mknod applied the umask) and owner.
func chownChmod(f *os.File, d specs.LinuxDevice, mode uint32) error {
	if err := unix.Fchmodat(unix.AT_FDCWD, fdPath(f), mode&0o7777, 0); err != nil {
		return fmt.Errorf("chmod: %w", err)
	}
	uid, gid := -1, -1
	if d.UID != nil {
		uid = int(*d.UID)
	}
	if d.GID != nil {
		gid = int(*d.GID)
	}
	if err := unix.Fchownat(int(f.Fd()), "", uid, gid, unix.AT_EMPTY_PATH); err != nil {
		return fmt.Errorf("chown: %w", err)
	}
	return nil
}

// bindDevice binds the host's node at hostPath over an empty file.
func bindDevice(dir *os.File, name, hostPath string) error {
	f, err := createEmpty(dir, name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := unix.Mount(hostPath, fdPath(f), "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind host node: %w", err)
	}
	return nil
}

// createEmpty makes (or keeps) a regular file name in dir and opens it
// O_PATH; a symlink there is refused.
func createEmpty(dir *os.File, name string) (*os.File, error) {
	fd, err := unix.Openat(int(dir.Fd()), name, unix.O_CREAT|unix.O_NOFOLLOW|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, symlinkErr(err)
	}
	unix.Close(fd)
	f, err := openPathAt(dir, name)
	return f, symlinkErr(err)
}

// inUserNamespace reports whether this process's uid map is not the
// identity map of the initial user namespace.
func inUserNamespace() bool {
	b, err := os.ReadFile("/proc/self/uid_map")
	if err != nil {
		return false
	}
	var inside, outside, length uint64
	n, _ := fmt.Sscan(string(b), &inside, &outside, &length)
	return n != 3 || inside != 0 || outside != 0 || length != 4294967295
}
