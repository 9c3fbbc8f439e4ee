package events

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// oomNotifier is an fd that turns readable when the kernel reports a memory
// event in a cgroup: on v1 an eventfd registered for memory.oom_control
// through cgroup.event_control, on v2 an inotify watch on memory.events.
// Both fire when the cgroup runs out of memory, before the OOM killer
// strikes, so the event precedes the exit it causes.
type oomNotifier struct {
	fd   int
	dir  string
	ctrl *os.File // v1: the memory.oom_control the eventfd is bound to
	last uint64   // v2: the "oom" count of memory.events last seen
}

// newOOMNotifier watches the memory cgroup in paths (the v1 "memory"
// directory when there is one, else the v2 directory under "").
func newOOMNotifier(paths map[string]string) (*oomNotifier, error) {
	if dir := paths["memory"]; dir != "" {
		return v1Notifier(dir)
	}
	if dir := paths[""]; dir != "" {
		return v2Notifier(dir)
	}
	return nil, fmt.Errorf("oom notification: the container has no memory cgroup")
}

func v1Notifier(dir string) (*oomNotifier, error) {
	ctrl, err := os.Open(filepath.Join(dir, "memory.oom_control"))
	if err != nil {
		return nil, fmt.Errorf("oom notification: %w", err)
	}
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		ctrl.Close()
		return nil, fmt.Errorf("oom notification: eventfd: %w", err)
	}
	reg := fmt.Sprintf("%d %d", efd, ctrl.Fd())
	if err := os.WriteFile(filepath.Join(dir, "cgroup.event_control"), []byte(reg), 0); err != nil {
		ctrl.Close()
		unix.Close(efd)
		return nil, fmt.Errorf("oom notification: register: %w", err)
	}
	return &oomNotifier{fd: efd, dir: dir, ctrl: ctrl}, nil
}

func v2Notifier(dir string) (*oomNotifier, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("oom notification: inotify: %w", err)
	}
	if _, err := unix.InotifyAddWatch(fd, filepath.Join(dir, "memory.events"), unix.IN_MODIFY); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("oom notification: watch memory.events: %w", err)
	}
	n := &oomNotifier{fd: fd, dir: dir}
	n.last = n.v2Count()
	return n, nil
}

// fired consumes the pending notification and reports whether it was an
// OOM (v1 also signals the eventfd when the cgroup is removed).
func (n *oomNotifier) fired() bool {
	if n.ctrl == nil {
		drain(n.fd)
		c := n.v2Count()
		if c <= n.last {
			return false
		}
		n.last = c
		return true
	}
	var buf [8]byte
	if k, err := unix.Read(n.fd, buf[:]); k != 8 || err != nil || binary.NativeEndian.Uint64(buf[:]) == 0 {
		return false
	}
	_, err := os.Stat(filepath.Join(n.dir, "memory.oom_control"))
	return err == nil
}

// v2Count reads the "oom" line of memory.events (0 when unreadable).
func (n *oomNotifier) v2Count() uint64 {
	b, err := os.ReadFile(filepath.Join(n.dir, "memory.events"))
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("oom ")); ok {
			c, _ := strconv.ParseUint(string(v), 10, 64)
			return c
		}
	}
	return 0
}

func (n *oomNotifier) close() {
	unix.Close(n.fd)
	if n.ctrl != nil {
		n.ctrl.Close()
	}
}
