package container

import (
	"errors"
	"fmt"
	"os"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/hooks"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
)

// Locked loads container id holding its lock; call unlock when done.
func Locked(st store.Store, id string) (c *Container, unlock func(), err error) {
	lock, err := st.Lock(id)
	if err != nil {
		if errors.Is(err, store.ErrNotExist) {
			return nil, nil, fmt.Errorf("container %s does not exist", id)
		}
		return nil, nil, err
	}
	c, err = Load(st, id)
	if err != nil {
		lock.Unlock()
		return nil, nil, err
	}
	return c, lock.Unlock, nil
}

// Start lets a created container's init execute the user's program.
func (c *Container) Start() error {
	if s := c.Status(); s != Created {
		return fmt.Errorf("cannot start a container that is %s", s)
	}
	if err := c.release(); err != nil {
		return err
	}
	return c.started()
}

// release lets the created init execute the user's program: it opens the
// exec fifo for reading, which unblocks the init, and reads its byte.
func (c *Container) release() error {
	fd, err := unix.Open(c.fifoPath(), unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open exec fifo: %w", err)
	}
	defer unix.Close(fd)
	return c.awaitInit(fd)
}

// started finishes a start once the init was released: the fifo's absence
// is what makes Status() say running (state.json needs no rewrite), then
// the poststart hooks run.
func (c *Container) started() error {
	os.Remove(c.fifoPath())
	if c.Spec.Hooks != nil {
		if err := hooks.Run("poststart", c.Spec.Hooks.Poststart, c.OCIState()); err != nil {
			return err
		}
	}
	return nil
}

// awaitInit reads the init's byte from the exec fifo, giving up if the
// init dies first.
func (c *Container) awaitInit(fd int) error {
	buf := make([]byte, 1)
	for {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		if _, err := unix.Poll(fds, 100); err != nil && err != unix.EINTR {
			return fmt.Errorf("wait for init: %w", err)
		}
		if fds[0].Revents&unix.POLLIN != 0 {
			if n, _ := unix.Read(fd, buf); n == 1 {
				return nil
			}
		}
		if !alive(c.Pid, c.InitStart) {
			return errors.New("the container's init exited before start")
		}
	}
}

// Signal sends sig to the init, or with all to every process in the
// container's cgroup: also once the init is gone, for what it left behind
// when it had no pid namespace of its own (runc does the same). Without
// all, a stopped container is an error whose text holds runc's "container
// not running", which containerd's shim recognises as "already finished".
func (c *Container) Signal(sig unix.Signal, all bool) error {
	if !all {
		if c.Status() == Stopped {
			return errors.New("container not running")
		}
		if err := unix.Kill(c.Pid, sig); err != nil {
			return fmt.Errorf("signal %s: %w", unix.SignalName(sig), err)
		}
		return nil
	}
	cg, err := c.Cgroup()
	if err != nil {
		return err
	}
	pids, err := cg.Pids()
	if err != nil {
		return err
	}
	for _, pid := range pids {
		_ = unix.Kill(pid, sig)
	}
	return nil
}

// Delete removes a container. A created container's init is killed; a
// running or paused one is refused unless force, which kills it first.
func (c *Container) Delete(force bool) error {
	switch s := c.Status(); s {
	case Running, Paused:
		if !force {
			return fmt.Errorf("cannot delete container %s that is %s (stop it, or use --force)", c.ID, s)
		}
	}
	c.killAll()
	var errs []error
	if cg, err := c.Cgroup(); err == nil {
		err := cg.Destroy()
		if err != nil {
			// Someone moved a process in from outside the container's pid
			// namespace, which killAll does not look for.
			killCgroup(cg)
			err = cg.Destroy()
		}
		errs = append(errs, err)
	}
	if c.Spec != nil && c.Spec.Hooks != nil && c.State.Status != Creating {
		st := c.OCIState()
		st.Status = specs.StateStopped
		errs = append(errs, hooks.Run("poststop", c.Spec.Hooks.Poststop, st))
	}
	errs = append(errs, c.store.Remove(c.ID))
	return errors.Join(errs...)
}

// killAll kills every process of the container and waits for the init.
func (c *Container) killAll() {
	cg, cgErr := c.Cgroup()
	if cgErr == nil {
		// Thaw also a group left half-frozen (FREEZING) by a pause that
		// was killed: frozen processes would not die.
		// FreezerState reports FREEZING as thawed: thaw whatever it says.
		if _, err := cg.FreezerState(); err == nil {
			_ = cg.Freeze(cgroups.Thawed)
		}
	}
	gone := true
	if alive(c.Pid, c.InitStart) {
		_ = unix.Kill(c.Pid, unix.SIGKILL)
		gone = waitGone(c.Pid, c.InitStart, 5*time.Second)
	}
	// Once the init of a pid namespace is gone, the kernel has killed and
	// reaped every process in it: the init's exit waits for that. Only a
	// container in a pid namespace it does not own can have processes left
	// (runc reasons the same way); reading every hierarchy's cgroup.procs
	// is the slow part of a delete.
	if cgErr == nil && !(gone && c.ownsPidNS()) {
		killCgroup(cg)
	}
}

// killCgroup kills every process in cg.
func killCgroup(cg cgroups.Manager) {
	if pids, err := cg.Pids(); err == nil {
		for _, pid := range pids {
			_ = unix.Kill(pid, unix.SIGKILL)
		}
	}
}

// ownsPidNS reports whether the container's init made a new pid namespace.
func (c *Container) ownsPidNS() bool {
	return c.Spec != nil && c.Spec.Linux != nil && spec.HasNewNamespace(c.Spec, specs.PIDNamespace)
}

// Pause freezes every process of the container.
func (c *Container) Pause() error {
	if s := c.Status(); s != Running && s != Created {
		return fmt.Errorf("cannot pause a container that is %s", s)
	}
	cg, err := c.Cgroup()
	if err != nil {
		return err
	}
	return cg.Freeze(cgroups.Frozen)
}

// Resume thaws a paused container.
func (c *Container) Resume() error {
	if s := c.Status(); s != Paused {
		return fmt.Errorf("cannot resume a container that is %s", s)
	}
	cg, err := c.Cgroup()
	if err != nil {
		return err
	}
	return cg.Freeze(cgroups.Thawed)
}
