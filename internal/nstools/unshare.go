package nstools

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

// UnshareOptions are the util-linux unshare options cell supports.
type UnshareOptions struct {
	// Flags are the CLONE_NEW* flags of the namespaces to create.
	Flags uintptr
	// Fork is -f. A new pid namespace always forks, so it changes nothing.
	Fork bool
	// MountProc, when not empty, is where a fresh proc is mounted (implies
	// a mount namespace).
	MountProc string
	// MapRootUser is -r: map the caller's uid and gid to root in a new user
	// namespace (implies one) and deny setgroups.
	MapRootUser bool
	// Propagation is applied recursively to / in a new mount namespace:
	// private (the default when empty), slave, shared or unchanged.
	Propagation string
	// Argv is the program; empty means $SHELL or /bin/sh.
	Argv []string
}

func (o *UnshareOptions) normalize() error {
	if o.MountProc != "" {
		o.Flags |= unix.CLONE_NEWNS
	}
	if o.MapRootUser {
		o.Flags |= unix.CLONE_NEWUSER
	}
	if o.Propagation == "" {
		o.Propagation = "private"
	}
	if _, err := propagation(o.Propagation); err != nil {
		return err
	}
	o.Argv = defaultArgv(o.Argv)
	return nil
}

// Unshare runs o.Argv in new namespaces, re-executing self when work is left
// inside them, waits for it and returns its exit status.
func Unshare(self string, o UnshareOptions, stdio Stdio) (int, error) {
	cmd, err := unshareCommand(self, o)
	if err != nil {
		return -1, err
	}
	stdio.apply(cmd)
	if err := cmd.Start(); err != nil {
		return -1, fmt.Errorf("unshare: %w", err)
	}
	return exitStatus(cmd.Wait())
}

func unshareCommand(self string, o UnshareOptions) (*exec.Cmd, error) {
	if err := o.normalize(); err != nil {
		return nil, fmt.Errorf("unshare: %w", err)
	}
	needChild := o.Flags&unix.CLONE_NEWNS != 0 && (o.Propagation != "unchanged" || o.MountProc != "")
	var cmd *exec.Cmd
	if needChild {
		args := append([]string{ChildCommand, "unshare", o.Propagation, o.MountProc, "--"}, o.Argv...)
		cmd = exec.Command(self, args...)
		cmd.Args[0] = "cell"
	} else {
		path, err := exec.LookPath(o.Argv[0])
		if err != nil {
			return nil, fmt.Errorf("unshare: %w", err)
		}
		cmd = exec.Command(path, o.Argv[1:]...)
		cmd.Args[0] = o.Argv[0]
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: o.Flags}
	if o.MapRootUser {
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}
		cmd.SysProcAttr.GidMappingsEnableSetgroups = false
	}
	return cmd, nil
}

// childUnshare runs inside the new namespaces: args are PROPAGATION
// MOUNTPROC -- ARGV.
func childUnshare(args []string) error {
	if len(args) < 4 || args[2] != "--" {
		return fmt.Errorf("unshare child: bad arguments %q", args)
	}
	flags, err := propagation(args[0])
	if err != nil {
		return err
	}
	if flags != 0 {
		if err := unix.Mount("none", "/", "", flags, ""); err != nil {
			return fmt.Errorf("unshare: set propagation of /: %w", err)
		}
	}
	if dir := args[1]; dir != "" {
		if err := mountProc(dir); err != nil {
			return err
		}
	}
	return execArgv(args[3:])
}

func mountProc(dir string) error {
	if err := unix.Mount("none", dir, "", unix.MS_PRIVATE|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("unshare: make %s private: %w", dir, err)
	}
	if err := unix.Mount("proc", dir, "proc", unix.MS_NOSUID|unix.MS_NOEXEC|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("unshare: mount proc at %s: %w", dir, err)
	}
	return nil
}

func execArgv(argv []string) error {
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return err
	}
	if err := unix.Exec(path, argv, os.Environ()); err != nil {
		return fmt.Errorf("exec %s: %w", path, err)
	}
	return nil
}
