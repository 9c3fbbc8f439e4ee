package initproc

import (
	"fmt"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/hooks"
	"github.com/cell-runtime/cell/internal/rootfs"
	"github.com/cell-runtime/cell/internal/security"
	"github.com/cell-runtime/cell/internal/spec"
)

// initContainer sets up a new container and, once `cell start` opens the
// exec fifo (fifo, an O_PATH fd), runs its process.
func initContainer(conn *handshake.Conn, cfg *handshake.Config, fifo int, net <-chan netNS) error {
	s := cfg.Spec
	if err := enterCgroupNS(s); err != nil {
		return err
	}
	if err := enterTimeNS(s); err != nil {
		return err
	}
	if err := setupUTS(s); err != nil {
		return err
	}
	if net != nil {
		if err := enterNetNS(net); err != nil {
			return err
		}
	}
	opts := rootfs.Options{NoPivot: cfg.NoPivot, CgroupPaths: cfg.CgroupPaths}
	if err := rootfs.Prepare(s, s.Root.Path, opts); err != nil {
		return err
	}
	if err := conn.Send(handshake.KindMounted, nil); err != nil {
		return err
	}
	if _, _, err := conn.Expect(handshake.KindHooksDone); err != nil {
		return err
	}
	if s.Hooks != nil {
		st := &specs.State{Version: specs.Version, ID: cfg.ID, Status: specs.StateCreating, Pid: os.Getpid(), Bundle: cfg.Bundle, Annotations: s.Annotations}
		if err := hooks.Run("createContainer", s.Hooks.CreateContainer, st); err != nil {
			return err
		}
	}
	if err := rootfs.Enter(s.Root.Path, opts); err != nil {
		return err
	}
	proc, err := openProcRoot()
	if err != nil {
		return err
	}
	defer proc.close()
	sys, err := openSysRoot(s)
	if err != nil {
		return err
	}
	defer sys.close()
	if s.Process.Terminal {
		if err := setupConsole(conn, true, s.Process.ConsoleSize); err != nil {
			return err
		}
	}
	if err := rootfs.Finish(s); err != nil {
		return err
	}
	if s.Linux != nil {
		for _, r := range []*pseudoRoot{proc, sys} {
			if err := r.checkPaths(s.Linux.MaskedPaths, s.Linux.ReadonlyPaths); err != nil {
				return err
			}
		}
	}
	if !cfg.NoNewKeyring {
		if err := joinSessionKeyring(cfg.ID); err != nil {
			return err
		}
	}
	if err := security.ApplyRlimits(s.Process.Rlimits); err != nil {
		return err
	}
	if cfg.ListenFDs > 0 {
		s.Process.Env = listenEnv(s.Process.Env, cfg.ListenFDs)
	}
	p, err := prepareExec(s.Process, s.Linux.Seccomp, cfg.ListenFDs+cfg.PreserveFDs, conn, fifo)
	if err != nil {
		return err
	}
	if err := conn.Send(handshake.KindReady, nil); err != nil {
		return err
	}
	conn.Close()
	if err := waitForStart(proc.fd, fifo); err != nil {
		return err
	}
	if s.Hooks != nil && len(s.Hooks.StartContainer) > 0 {
		st := &specs.State{Version: specs.Version, ID: cfg.ID, Status: specs.StateRunning, Pid: os.Getpid(), Bundle: cfg.Bundle, Annotations: s.Annotations}
		if err := hooks.Run("startContainer", s.Hooks.StartContainer, st); err != nil {
			return err
		}
	}
	return p.exec()
}

// enterCgroupNS creates the cgroup namespace, once the parent placed us in
// our cgroup: its root is the cgroup we are in.
func enterCgroupNS(s *specs.Spec) error {
	if !spec.HasNewNamespace(s, specs.CgroupNamespace) {
		return nil
	}
	if err := unix.Unshare(unix.CLONE_NEWCGROUP); err != nil {
		return fmt.Errorf("create cgroup namespace: %w", err)
	}
	return nil
}

// enterTimeNS creates the time namespace, whose offsets can be written
// only before a process enters it (execve does).
func enterTimeNS(s *specs.Spec) error {
	if spec.HasNewNamespace(s, specs.TimeNamespace) {
		if err := unix.Unshare(unix.CLONE_NEWTIME); err != nil {
			return fmt.Errorf("create time namespace: %w", err)
		}
		if err := writeTimeOffsets(s.Linux.TimeOffsets); err != nil {
			return err
		}
	}
	return nil
}

func writeTimeOffsets(offsets map[string]specs.LinuxTimeOffset) error {
	if len(offsets) == 0 {
		return nil
	}
	var b []byte
	for clock, off := range offsets {
		if clock != "monotonic" && clock != "boottime" {
			return fmt.Errorf("linux.timeOffsets %q: only monotonic and boottime can be offset", clock)
		}
		b = fmt.Appendf(b, "%s %d %d\n", clock, off.Secs, off.Nanosecs)
	}
	if err := os.WriteFile("/proc/self/timens_offsets", b, 0); err != nil {
		return fmt.Errorf("linux.timeOffsets: %w", err)
	}
	return nil
}

func setupUTS(s *specs.Spec) error {
	if s.Hostname != "" {
		if err := unix.Sethostname([]byte(s.Hostname)); err != nil {
			return fmt.Errorf("set hostname %q: %w", s.Hostname, err)
		}
	}
	if s.Domainname != "" {
		if err := unix.Setdomainname([]byte(s.Domainname)); err != nil {
			return fmt.Errorf("set domainname %q: %w", s.Domainname, err)
		}
	}
	return nil
}

// waitForStart blocks until `cell start` opens the exec fifo for reading,
// then tells it we are going on. fifo is an O_PATH fd the parent sent;
// reopening it through self/fd of proc (openProcRoot's handle, not a path
// someone could have swapped) reaches the host's fifo.
func waitForStart(proc, fifo int) error {
	fd, err := unix.Openat(proc, fmt.Sprintf("self/fd/%d", fifo), unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open exec fifo: %w", err)
	}
	if _, err := unix.Write(fd, []byte{'0'}); err != nil {
		return fmt.Errorf("write exec fifo: %w", err)
	}
	unix.Close(fd)
	unix.Close(fifo)
	return nil
}

func joinSessionKeyring(id string) error {
	name := "_ses." + id
	if len(name) > 255 {
		name = name[:255]
	}
	if _, err := unix.KeyctlJoinSessionKeyring(name); err != nil {
		// Kernels built without keys, or a seccomp profile of the caller
		// that denies keyctl: runc carries on as well.
		if err == unix.ENOSYS || err == unix.EPERM {
			return nil
		}
		return fmt.Errorf("join session keyring: %w", err)
	}
	return nil
}
