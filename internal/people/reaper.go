package people

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"

	"golang.org/x/sys/unix"
)

// prepareInit, for --init, copies the cell binary into the bundle for the
// spec to bind read-only as the container's PID 1. Each container has its
// own copy, so not even a container that could remount it writable can
// reach the host's binary (CVE-2019-5736).
func prepareInit(bundle string, o *Options) error {
	if !o.Init {
		return nil
	}
	dst := bundle + "/init"
	if err := copyFile("/proc/self/exe", dst, 0o555); err != nil {
		return fmt.Errorf("--init: %w", err)
	}
	o.Spec.Init = dst
	return nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, mode)
}

// Reap is the reaper `cell run --init` runs as PID 1: it starts args,
// forwards every catchable signal to it, reaps every orphan that is
// reparented to it, and returns the command's exit status (128+N when
// killed by signal N) once the command has exited.
func Reap(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "init-reaper: no command")
		return 127
	}
	sigs := make(chan os.Signal, 16)
	signal.Notify(sigs)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "init-reaper: %v\n", err)
		return 127
	}
	go forward(sigs, cmd.Process.Pid)
	return reapUntil(cmd.Process.Pid)
}

func forward(sigs chan os.Signal, pid int) {
	for s := range sigs {
		if sig, ok := s.(unix.Signal); ok && sig != unix.SIGCHLD && sig != unix.SIGURG {
			_ = unix.Kill(pid, sig)
		}
	}
}

// reapUntil waits for any child until pid has exited, returning its status.
func reapUntil(pid int) int {
	for {
		var ws unix.WaitStatus
		got, err := unix.Wait4(-1, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 127
		}
		if got != pid {
			continue
		}
		if ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ws.ExitStatus()
	}
}
