package netns

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// Do runs fn on an OS thread that is switched into the network namespace at
// path, then switches the thread back. Sockets fn opens stay in that
// namespace; goroutines fn starts do not run in it. If the thread cannot be
// switched back, it is discarded rather than returned to the Go scheduler.
func Do(path string, fn func() error) error {
	target, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("netns do: open %s: %w", path, err)
	}
	defer unix.Close(target)
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		errc <- doLocked(target, fn)
	}()
	return <-errc
}

// doLocked runs on a locked thread and unlocks it only when the thread is
// back in its original namespace.
func doLocked(target int, fn func() error) error {
	orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("netns do: open current namespace: %w", err)
	}
	defer unix.Close(orig)
	if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("netns do: setns: %w", err)
	}
	ferr := fn()
	if err := unix.Setns(orig, unix.CLONE_NEWNET); err != nil {
		return fmt.Errorf("netns do: switch back: %w", err)
	}
	runtime.UnlockOSThread()
	return ferr
}

// onNewNetnsThread runs fn on a locked thread that has just unshared its
// network namespace, then returns the thread to the original namespace. The
// thread may be the main thread, whose namespace /proc/PID/ns/net shows, so
// it must not stay in the new one; if it cannot switch back it is discarded.
func onNewNetnsThread(fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		errc <- unshareLocked(fn)
	}()
	return <-errc
}

func unshareLocked(fn func() error) error {
	orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open current namespace: %w", err)
	}
	defer unix.Close(orig)
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("unshare: %w", err)
	}
	ferr := fn()
	if err := unix.Setns(orig, unix.CLONE_NEWNET); err != nil {
		return fmt.Errorf("switch back: %w", err)
	}
	runtime.UnlockOSThread()
	return ferr
}
