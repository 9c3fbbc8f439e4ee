package container

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/nsenter"
	"github.com/cell-runtime/cell/internal/spec"
)

// idMapper writes the id maps of a new user namespace with the setuid
// helpers newuidmap and newgidmap (package uidmap), for a user other than
// root whose maps name more than its own ids (ranges from /etc/subuid and
// /etc/subgid, which the helpers check). The init waits for them in the
// nsenter constructor, on r.
type idMapper struct {
	uids, gids []specs.LinuxIDMapping
	r, w       *os.File
}

// newIDMapper returns nil when the kernel lets cell write s's maps itself:
// for root, or for one id that is the caller's own.
func newIDMapper(s *specs.Spec) (*idMapper, error) {
	if !spec.HasNewNamespace(s, specs.UserNamespace) || os.Geteuid() == 0 ||
		ownID(s.Linux.UIDMappings, os.Geteuid()) && ownID(s.Linux.GIDMappings, os.Getegid()) {
		return nil, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("id map pipe: %w", err)
	}
	return &idMapper{uids: s.Linux.UIDMappings, gids: s.Linux.GIDMappings, r: r, w: w}, nil
}

// ownID reports whether m maps exactly one id, id itself.
func ownID(m []specs.LinuxIDMapping, id int) bool {
	return len(m) == 1 && m[0].Size == 1 && int(m[0].HostID) == id
}

// env passes the child the read end as fd and returns its environment
// entry.
func (m *idMapper) env(files *[]*os.File) string {
	fd := len(*files)
	*files = append(*files, m.r)
	return nsenter.AwaitMapsEnv(fd)
}

// write runs the helpers for pid and lets the init go on.
func (m *idMapper) write(pid int) error {
	defer m.w.Close()
	for _, h := range []struct {
		tool, field string
		maps        []specs.LinuxIDMapping
	}{{"newuidmap", "linux.uidMappings", m.uids}, {"newgidmap", "linux.gidMappings", m.gids}} {
		args := []string{strconv.Itoa(pid)}
		for _, e := range h.maps {
			args = append(args, strconv.Itoa(int(e.ContainerID)), strconv.Itoa(int(e.HostID)), strconv.Itoa(int(e.Size)))
		}
		if out, err := exec.Command(h.tool, args...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %s %v: %w (%s)", h.field, h.tool, args, err, out)
		}
	}
	_, err := m.w.Write([]byte{0})
	return err
}

// close drops both ends.
func (m *idMapper) close() {
	m.r.Close()
	m.w.Close()
}
