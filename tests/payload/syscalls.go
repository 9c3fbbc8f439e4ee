package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/sys/unix"
)

func init() {
	register("syscall", "NAME", trySyscall)
}

// probes maps a name to a harmless attempt at that system call. Each
// returns nil when the kernel let the call through (permission and seccomp
// checks passed), else the error. Calls that could change the host are made
// with arguments that fail validation only after the permission checks
// (reboot, kexec_load), and EINVAL then counts as allowed.
var probes = map[string]func() error{
	"mount":             probeMount,
	"unshare":           probeUnshare,
	"keyctl":            probeKeyctl,
	"ptrace":            probePtrace,
	"reboot":            probeReboot,
	"kexec_load":        probeKexecLoad,
	"chroot":            func() error { return unix.Chroot("/") },
	"setns":             probeSetns,
	"add_key":           probeAddKey,
	"open_by_handle_at": probeOpenByHandleAt,
}

// trySyscall runs the named probe and prints "ok" or the errno name.
func trySyscall(out io.Writer, args []string) error {
	var known []string
	for n := range probes {
		known = append(known, n)
	}
	sort.Strings(known)
	usage := "NAME (one of " + strings.Join(known, ", ") + ")"
	if err := needArgs(args, 1, 1, usage); err != nil {
		return err
	}
	probe, ok := probes[args[0]]
	if !ok {
		return usageError{usage}
	}
	return reportErrno(out, probe())
}

// onThrowawayThread runs f on a locked OS thread that is never unlocked,
// so the Go runtime discards the thread (and any namespace f changed).
func onThrowawayThread(f func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		done <- f()
	}()
	return <-done
}

// probeMount mounts a tmpfs on a fresh directory and unmounts it again.
// The directory is made in the first writable place of $TMPDIR (or /tmp),
// /dev/shm and /dev, since a container's root is often read-only.
func probeMount() error {
	dir, err := scratchDir()
	if err != nil {
		return err
	}
	defer os.Remove(dir)
	if err := unix.Mount("payload", dir, "tmpfs", 0, "size=4k"); err != nil {
		return err
	}
	return unix.Unmount(dir, unix.MNT_DETACH)
}

func scratchDir() (string, error) {
	var firstErr error
	for _, parent := range []string{os.TempDir(), "/dev/shm", "/dev"} {
		dir, err := os.MkdirTemp(parent, "payload-mount-")
		if err == nil {
			return dir, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", fmt.Errorf("no writable directory to mount on: %w", firstErr)
}

// probeUnshare unshares the UTS namespace of a throwaway thread.
func probeUnshare() error {
	return onThrowawayThread(func() error { return unix.Unshare(unix.CLONE_NEWUTS) })
}

// probeSetns re-joins the thread's own network namespace on a throwaway
// thread: a no-op that still needs CAP_SYS_ADMIN and the setns syscall.
func probeSetns() error {
	return onThrowawayThread(func() error {
		fd, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		return unix.Setns(fd, unix.CLONE_NEWNET)
	})
}

// probeKeyctl looks up the process's user keyring without creating it;
// ENOKEY still means the call was allowed.
func probeKeyctl() error {
	_, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_USER_KEYRING, false)
	if err == unix.ENOKEY {
		return nil
	}
	return err
}

// probeReboot passes a wrong second magic number: the kernel checks
// CAP_SYS_BOOT first, then answers EINVAL without doing anything.
func probeReboot() error {
	_, _, errno := unix.RawSyscall6(unix.SYS_REBOOT, unix.LINUX_REBOOT_MAGIC1, 0, 0, 0, 0, 0)
	return allowedIfEINVAL(errno)
}

// probeKexecLoad asks for more segments than the kernel allows: after the
// permission checks that is EINVAL and nothing is loaded.
func probeKexecLoad() error {
	const tooManySegments = 17 // KEXEC_SEGMENT_MAX + 1
	_, _, errno := unix.RawSyscall6(unix.SYS_KEXEC_LOAD, 0, tooManySegments, 0, 0, 0, 0)
	return allowedIfEINVAL(errno)
}

// probeAddKey adds a key to the process keyring, which dies with the
// process.
func probeAddKey() error {
	_, err := unix.AddKey("user", "payload-probe", []byte("x"), unix.KEY_SPEC_PROCESS_KEYRING)
	return err
}

// probeOpenByHandleAt passes no handle: a call the kernel runs fails
// copying it (EFAULT) and opens nothing.
func probeOpenByHandleAt() error {
	atFDCWD := unix.AT_FDCWD
	_, _, errno := unix.RawSyscall(unix.SYS_OPEN_BY_HANDLE_AT, uintptr(atFDCWD), 0, unix.O_RDONLY)
	if errno == 0 || errno == unix.EFAULT {
		return nil
	}
	return errno
}

func allowedIfEINVAL(errno unix.Errno) error {
	if errno == 0 || errno == unix.EINVAL {
		return nil
	}
	return errno
}

// probePtrace starts a sleeping copy of this program, attaches to it with
// PTRACE_ATTACH, detaches and kills it.
func probePtrace() error {
	child, err := os.StartProcess("/proc/self/exe", []string{"payload", "sleep", "inf"},
		&os.ProcAttr{Files: []*os.File{nil, nil, os.Stderr}})
	if err != nil {
		return fmt.Errorf("start tracee: %w", err)
	}
	defer child.Wait()
	defer child.Kill()
	return onThrowawayThread(func() error { return attachDetach(child.Pid) })
}

func attachDetach(pid int) error {
	if err := unix.PtraceAttach(pid); err != nil {
		return err
	}
	var ws unix.WaitStatus
	if _, err := unix.Wait4(pid, &ws, unix.WALL, nil); err != nil {
		return fmt.Errorf("wait for tracee: %w", err)
	}
	return unix.PtraceDetach(pid)
}
