package events

import (
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/container"
)

// pollEvery bounds how long a monitor or watcher sleeps between checks, so
// that it notices being stopped and OOM kills a notification missed.
const pollEvery = 250 * time.Millisecond

// monitor watches one container's init (for its exit) and memory cgroup
// (for OOM kills).
type monitor struct {
	id    string
	pid   int
	start uint64
	pidfd int
	cg    cgroups.Manager
	oom   *oomNotifier // nil when unavailable: OOM kill counts are polled
	seen  uint64       // OOM kills counted when last checked
	// missed is set when a fresh container was OOM-killed before the
	// monitor began.
	missed bool
}

// newMonitor opens c's init. fresh says c was just created, so every OOM
// kill its cgroup counts is news; otherwise only later ones are.
func newMonitor(c *container.Container, fresh bool) (*monitor, error) {
	fd, err := openInit(c.Pid, c.InitStart)
	if err != nil {
		return nil, err
	}
	m := &monitor{id: c.ID, pid: c.Pid, start: c.InitStart, pidfd: fd}
	if m.cg, err = c.Cgroup(); err != nil {
		unix.Close(fd)
		return nil, err
	}
	m.oom, _ = newOOMNotifier(m.cg.Paths())
	m.seen, _ = m.cg.OOMKillCount()
	m.missed = fresh && m.seen > 0
	return m, nil
}

// run reports oom events and, last, the exit event, until the init exits
// or stop is closed. An OOM kill is always reported before the exit it
// caused: both are checked in one loop, OOM first.
func (m *monitor) run(stop <-chan struct{}, emit func(Event)) {
	defer m.close()
	if m.missed {
		emit(Event{Type: OOM, ID: m.id})
	}
	for {
		fds := []unix.PollFd{{Fd: int32(m.pidfd), Events: unix.POLLIN}}
		if m.oom != nil {
			fds = append(fds, unix.PollFd{Fd: int32(m.oom.fd), Events: unix.POLLIN})
		}
		_, _ = unix.Poll(fds, int(pollEvery.Milliseconds()))
		m.checkOOM(emit)
		if fds[0].Revents != 0 {
			emit(Event{Type: Exit, ID: m.id, Data: ExitData{Status: ExitStatus(m.pidfd, m.pid, m.start)}})
			return
		}
		select {
		case <-stop:
			return
		default:
		}
	}
}

// checkOOM emits an oom event when the notifier fired or, without one,
// when the cgroup counts more OOM kills than were reported. A removed
// cgroup reports nothing.
func (m *monitor) checkOOM(emit func(Event)) {
	if m.oom != nil {
		if m.oom.fired() {
			emit(Event{Type: OOM, ID: m.id})
		}
		return
	}
	n, err := m.cg.OOMKillCount()
	if err != nil || n <= m.seen {
		return
	}
	m.seen = n
	emit(Event{Type: OOM, ID: m.id})
}

func (m *monitor) close() {
	unix.Close(m.pidfd)
	if m.oom != nil {
		m.oom.close()
	}
}
