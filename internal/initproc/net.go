package initproc

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// NewNetEnv names the environment variable with which the parent asks the
// init for a new network namespace. Making one costs about half a
// millisecond (every pernet subsystem sets itself up): done by the clone,
// that is on the path of every create; done here, on a thread of the init's
// own, it overlaps the init's reading of its Config.
const NewNetEnv = "_CELL_INIT_NEWNET"

// netNS is a network namespace newNetNS made, or why it could not.
type netNS struct {
	fd  int
	err error
}

// newNetNS makes a network namespace with lo up on a new thread and sends
// it, as an fd, on the channel it returns. The thread stays locked, so it
// ends with its goroutine rather than serve others from that namespace.
// The user namespace, if the init has a new one, owns the network one.
func newNetNS() <-chan netNS {
	ch := make(chan netNS, 1)
	go func() {
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			ch <- netNS{-1, fmt.Errorf("create network namespace: %w", err)}
			return
		}
		if err := loopbackUp(); err != nil {
			ch <- netNS{-1, err}
			return
		}
		fd, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			err = fmt.Errorf("open new network namespace: %w", err)
		}
		ch <- netNS{fd, err}
	}()
	return ch
}

// enterNetNS moves the calling thread, the main one, into the namespace
// newNetNS made; execve makes it the process's.
func enterNetNS(ch <-chan netNS) error {
	n := <-ch
	if n.err != nil {
		return n.err
	}
	defer unix.Close(n.fd)
	if err := unix.Setns(n.fd, unix.CLONE_NEWNET); err != nil {
		return fmt.Errorf("enter network namespace: %w", err)
	}
	return nil
}

// loopbackUp brings up lo in a new network namespace, as every runtime does.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("bring up lo: %w", err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return fmt.Errorf("bring up lo: %w", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bring up lo: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bring up lo: %w", err)
	}
	return nil
}
