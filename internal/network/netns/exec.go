package netns

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/cell-runtime/cell/internal/nsenter"
	"golang.org/x/sys/unix"
)

// ChildCommand is the hidden argument with which Command re-executes cell;
// the command line must route it to ExecChild.
const ChildCommand = "netns-exec-child"

// Command returns a command that runs argv inside the namespace called name
// the way `ip netns exec` does. self is the cell binary to re-execute
// (normally /proc/self/exe). Standard streams are the caller's.
func Command(self, name string, argv []string) (*exec.Cmd, error) {
	if !ValidName(name) {
		return nil, fmt.Errorf("netns exec %q: %w", name, ErrBadName)
	}
	if _, err := os.Stat(Path(name)); err != nil {
		return nil, fmt.Errorf("netns exec %q: %w", name, ErrNotExist)
	}
	if len(argv) == 0 {
		return nil, fmt.Errorf("netns exec %q: no command", name)
	}
	cmd := exec.Command(self, append([]string{ChildCommand, name}, argv...)...)
	cmd.Args[0] = "cell"
	cmd.Env = append(os.Environ(), nsenter.Env([]nsenter.Join{{Type: "net", Path: Path(name)}}, -1)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd, nil
}

// ExecChild runs in the re-executed cell, already in a private mount
// namespace and in the network namespace: args are NAME CMD [ARG...]. It
// prepares the mounts and replaces the process with CMD; it returns only on
// failure. Warnings about single /etc/netns entries go to warn.
func ExecChild(warn io.Writer, args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("netns exec: want NAME CMD")
	}
	name, argv := args[0], args[1:]
	if err := unix.Mount("", "/", "", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("netns exec: make / slave: %w", err)
	}
	if err := remountSys(name); err != nil {
		return err
	}
	bindEtc(warn, name)
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return fmt.Errorf("netns exec: %w", err)
	}
	if err := unix.Exec(path, argv, os.Environ()); err != nil {
		return fmt.Errorf("netns exec: exec %s: %w", path, err)
	}
	return nil
}

// remountSys mounts a sysfs that shows the namespace's interfaces, keeping
// /sys read-only if it was.
func remountSys(name string) error {
	var flags uintptr
	var st unix.Statfs_t
	if unix.Statfs("/sys", &st) == nil && st.Flags&unix.ST_RDONLY != 0 {
		flags = unix.MS_RDONLY
	}
	_ = unix.Unmount("/sys", unix.MNT_DETACH) // nothing mounted there is fine
	if err := unix.Mount(name, "/sys", "sysfs", flags, ""); err != nil {
		return fmt.Errorf("netns exec: mount sysfs: %w", err)
	}
	return nil
}

// bindEtc bind-mounts every entry of /etc/netns/NAME over the same name in
// /etc; like ip, a failing entry is reported and skipped.
func bindEtc(warn io.Writer, name string) {
	dir := filepath.Join("/etc/netns", name)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		src, dst := filepath.Join(dir, e.Name()), filepath.Join("/etc", e.Name())
		if err := unix.Mount(src, dst, "none", unix.MS_BIND, ""); err != nil {
			fmt.Fprintf(warn, "cell: bind %s -> %s: %v\n", src, dst, err)
		}
	}
}
