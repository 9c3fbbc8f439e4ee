// Package initproc is the container side of cell: the code that runs as
// `cell init` inside the container's namespaces, sets up what only the
// container can (cgroup and time namespaces, hostname, root filesystem,
// console, credentials) and finally execve's the user's program.
//
// It runs on the main goroutine locked to its thread: namespaces, credentials
// and seccomp filters are per-thread until execve makes them the process's.
// It never decides policy: everything comes from the parent's Config.
package initproc

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/security"
	json "github.com/go-json-experiment/json/v1"
	"golang.org/x/sys/unix"
)

// SockEnv names the environment variable holding the handshake fd number.
const SockEnv = "_CELL_INIT_SOCK"

// Main runs the init and returns an exit status only when it failed: on
// success it never returns, it becomes the user's program.
func Main() int {
	fd, err := strconv.Atoi(os.Getenv(SockEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cell init: not started by cell")
		return 127
	}
	os.Unsetenv(SockEnv)
	var net <-chan netNS
	if os.Getenv(NewNetEnv) != "" {
		os.Unsetenv(NewNetEnv)
		net = newNetNS()
	}
	conn := handshake.FromFD(fd)
	err = run(conn, net)
	// Reaching here is always an error: success ends in execve.
	if sendErr := conn.SendError(err); sendErr != nil {
		// The parent already left (after start): stderr is all we have.
		fmt.Fprintf(os.Stderr, "cell init: %v\n", err)
	}
	return 127
}

// enterCgroups moves this thread, the main one, which later execs the
// container's process, into the cgroup v1 hierarchies whose tasks files are
// open at fds. A thread that moves itself is the one move the kernel makes
// without write-locking cgroup_threadgroup_rwsem, which waits for an RCU
// grace period (see cgroups.Entry). The runtime's other threads stay where
// they were born until execve ends them.
func enterCgroups(fds []int) error {
	for _, fd := range fds {
		_, err := unix.Write(fd, []byte("0"))
		if err != nil {
			path, _ := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
			return fmt.Errorf("enter cgroup %s: %w", filepath.Dir(path), err)
		}
		unix.Close(fd)
	}
	return nil
}

// run sets up the container, or the exec'd process, from the Config it
// reads on conn; net, when not nil, brings the new network namespace.
func run(conn *handshake.Conn, net <-chan netNS) error {
	// Nothing may ptrace or open /proc/PID/exe of this process until the
	// user's program replaces it (CVE-2016-9962).
	if err := security.SetDumpable(false); err != nil {
		return err
	}
	m, fds, err := conn.Expect(handshake.KindConfig)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	var cfg handshake.Config
	if err := json.Unmarshal(m.Payload, &cfg); err != nil {
		return fmt.Errorf("decode config: %w", err)
	}
	if cfg.CgroupTasks > len(fds) {
		return fmt.Errorf("read config: got %d fds, want %d cgroup tasks files", len(fds), cfg.CgroupTasks)
	}
	tasks := fds[len(fds)-cfg.CgroupTasks:]
	fds = fds[:len(fds)-cfg.CgroupTasks]
	if err := enterCgroups(tasks); err != nil {
		return err
	}
	if cfg.Exec {
		return execProcess(conn, &cfg)
	}
	if len(fds) != 1 {
		return fmt.Errorf("read config: got %d fds, want the exec fifo", len(fds))
	}
	return initContainer(conn, &cfg, fds[0], net)
}
