package cgroups

import (
	"errors"
	"fmt"
	"os"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	v1 "github.com/cell-runtime/cell/internal/cgroups/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// ensureNet gives the group net_cls and net_prio directories when n needs
// them and the group has none: it mounts a net_cls,net_prio hierarchy at
// the host's netDir if none is mounted, creates the group there and moves
// the group's processes in. Pure v2 hosts cannot have them.
func (m *manager) ensureNet(n *specs.LinuxNetwork) error {
	if n == nil || (n.ClassID == nil && len(n.Priorities) == 0) {
		return nil
	}
	_, cls := m.v1Dir("net_cls")
	_, prio := m.v1Dir("net_prio")
	if cls && prio {
		return nil
	}
	if m.pureV2 || m.path == "" {
		return cgfile.Fieldf("linux.resources.network", "the host has no net_cls/net_prio hierarchy (cgroup v2 only)")
	}
	l, err := m.h.mountNet()
	if err != nil {
		return cgfile.FieldErr("linux.resources.network", err)
	}
	return cgfile.FieldErr("linux.resources.network", m.joinNet(l))
}

// mountNet returns the layout with net_cls and net_prio mounted, mounting
// them together at h.netDir when needed.
func (h *host) mountNet() (*layout, error) {
	l, err := h.layout()
	if err != nil {
		return nil, err
	}
	if _, ok := l.V1["net_cls"]; ok {
		return l, nil
	}
	if h.netDir == "" {
		return nil, fmt.Errorf("no net_cls hierarchy and mounting is disabled")
	}
	if err := os.MkdirAll(h.netDir, 0o755); err != nil {
		return nil, fmt.Errorf("mount net_cls,net_prio: %w", err)
	}
	err = unix.Mount("cgroup", h.netDir, "cgroup", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "net_cls,net_prio")
	if err != nil {
		return nil, fmt.Errorf("mount net_cls,net_prio at %s: %w", h.netDir, err)
	}
	return h.layout()
}

// joinNet creates the group in the net hierarchies of l and moves the
// group's current processes there.
func (m *manager) joinNet(l *layout) error {
	own, err := readProcCgroup(m.h.procCgroup)
	if err != nil {
		return err
	}
	g := &v1.Group{Paths: map[string]string{}}
	for _, c := range []string{"net_cls", "net_prio"} {
		if mt, ok := l.V1[c]; ok {
			g.Paths[c] = dirIn(mt, own[c], m.path)
		}
	}
	if err := g.Create(); err != nil {
		return err
	}
	pids, err := m.Pids()
	if err != nil {
		return err
	}
	for _, pid := range pids {
		if err := g.Enter(pid); err != nil && !errors.Is(err, unix.ESRCH) {
			return err
		}
	}
	if m.v1 == nil {
		m.v1 = &v1.Group{Paths: map[string]string{}}
	}
	for c, d := range g.Paths {
		m.v1.Paths[c] = d
	}
	return nil
}
