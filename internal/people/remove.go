package people

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/events"
	"github.com/cell-runtime/cell/internal/store"
)

// Remove deletes container name and its bundle. A running container is
// refused unless force, which kills it first.
func Remove(root, name string, force bool) error {
	c, err := Find(root, name)
	if err != nil {
		return err
	}
	lc, unlock, err := container.Locked(store.Store{Root: root}, c.ID)
	if err != nil {
		return err
	}
	defer unlock()
	if err := lc.Delete(force); err != nil {
		return err
	}
	_ = events.Record(root, events.Delete, lc.ID)
	return RemoveBundle(root, lc.ID)
}

// Stop sends SIGTERM to container name's init, and SIGKILL to all its
// processes if it has not exited after timeout. A container that is not
// running is left as it is.
func Stop(root, name string, timeout time.Duration) error {
	c, err := Find(root, name)
	if err != nil {
		return err
	}
	if s := c.Status(); s != container.Running && s != container.Paused {
		return nil
	}
	if err := sendSignal(root, c.ID, unix.SIGTERM, false); err != nil {
		return err
	}
	if waitStopped(c, timeout) {
		return nil
	}
	if err := sendSignal(root, c.ID, unix.SIGKILL, true); err != nil {
		return err
	}
	if !waitStopped(c, 10*time.Second) {
		return fmt.Errorf("container %s: still running after SIGKILL", name)
	}
	return nil
}

func sendSignal(root, id string, sig unix.Signal, all bool) error {
	c, unlock, err := container.Locked(store.Store{Root: root}, id)
	if err != nil {
		return err
	}
	defer unlock()
	if c.Status() == container.Stopped {
		return nil
	}
	return c.Signal(sig, all)
}

// waitStopped polls until c has stopped or timeout passed.
func waitStopped(c *container.Container, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for c.Status() != container.Stopped {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}
