package container

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/hooks"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
)

// CreateOptions are the inputs of Create. Zero values mean: no pid file, no
// console socket, pivot_root, a new session keyring, no preserved fds and
// cell's own stdio.
type CreateOptions struct {
	ID     string
	Bundle string
	Spec   *specs.Spec // validated, root.path absolute
	IO     IO
	// PidFile, if set, receives the init's pid once it is created.
	PidFile      string
	NoPivot      bool
	NoNewKeyring bool
}

// IO is how a process's terminal or stdio is wired. Zero values mean cell's
// own stdio and, for a terminal, an error unless ConsoleSocket or Console
// is set.
type IO struct {
	Stdin, Stdout, Stderr *os.File
	// ConsoleSocket is a unix socket to send the pty master to (runc's
	// --console-socket).
	ConsoleSocket string
	// Console receives the pty master instead (cell run -t); it must not
	// block.
	Console func(master *os.File)
	// PreserveFDs passes fds 3..3+N-1 of cell into the process.
	PreserveFDs int
}

// Create makes a container whose init waits, in its namespaces and cgroup,
// for Start. On failure nothing is left: no state, cgroup or process.
func Create(st store.Store, o CreateOptions) (*Container, error) {
	if err := spec.ValidateID(o.ID); err != nil {
		return nil, err
	}
	if o.Spec.Process.Terminal && o.IO.ConsoleSocket == "" && o.IO.Console == nil {
		return nil, errors.New("process.terminal: a terminal needs --console-socket (or use `cell run -t`)")
	}
	lock, err := st.Create(o.ID)
	if err != nil {
		if errors.Is(err, store.ErrExist) {
			return nil, fmt.Errorf("container %s already exists", o.ID)
		}
		return nil, err
	}
	defer lock.Unlock()
	c := &Container{store: st, State: State{
		ID: o.ID, Bundle: o.Bundle, Rootfs: o.Spec.Root.Path, Created: time.Now().UTC(),
		Status: Creating, Spec: o.Spec, Annotations: o.Spec.Annotations,
	}}
	if err := c.create(&o); err != nil {
		c.destroy()
		return nil, err
	}
	return c, nil
}

func (c *Container) create(o *CreateOptions) error {
	if err := c.save(); err != nil {
		return err
	}
	if err := unix.Mkfifo(c.fifoPath(), 0o600); err != nil {
		return fmt.Errorf("make exec fifo: %w", err)
	}
	if err := checkResources(c.Spec.Linux.Resources); err != nil {
		return err
	}
	if uid, gid, ok := mappedRoot(c.Spec); ok {
		// The init, root of its user namespace, must open the fifo.
		if err := os.Chown(c.fifoPath(), int(uid), int(gid)); err != nil {
			return fmt.Errorf("chown exec fifo: %w", err)
		}
	}
	cg, err := c.Cgroup()
	if err != nil {
		return err
	}
	if err := cg.Apply(0); err != nil {
		return err
	}
	if err := cg.Set(withDefaultDevices(c.Spec.Linux.Resources)); err != nil {
		return err
	}
	// After Set: it may have added the net_cls and net_prio hierarchies.
	c.CgroupPaths = cg.Paths()
	p, err := startInit(c.Spec, joinPaths(c.Spec), o.IO, cg)
	if err != nil {
		return err
	}
	defer p.conn.Close()
	c.Pid, c.InitStart = p.pid, startTime(p.pid)
	if err := c.save(); err != nil {
		return err
	}
	cfg := &handshake.Config{
		ID: c.ID, Spec: c.Spec, Bundle: c.Bundle, NoPivot: o.NoPivot, NoNewKeyring: o.NoNewKeyring,
		FifoPath: c.fifoPath(), PreserveFDs: o.IO.PreserveFDs, CgroupPaths: cg.Paths(),
	}
	if err := p.conn.Send(handshake.KindConfig, cfg); err != nil {
		return err
	}
	if err := c.converse(p, o.IO); err != nil {
		return err
	}
	c.State.Status = Created
	if err := c.save(); err != nil {
		return err
	}
	return writePidFile(o.PidFile, c.Pid)
}

// converse answers the init until it reports ready.
func (c *Container) converse(p *initProcess, io IO) error {
	for {
		m, fds, err := p.conn.Recv()
		if err != nil {
			return p.explain(err)
		}
		switch m.Kind {
		case handshake.KindMounted:
			if err := c.runCreateHooks(); err != nil {
				return err
			}
			if err := p.conn.Send(handshake.KindHooksDone, nil); err != nil {
				return err
			}
		case handshake.KindConsole:
			if err := deliverConsole(fds, io); err != nil {
				return err
			}
		case handshake.KindReady:
			return nil
		default:
			return fmt.Errorf("handshake: unexpected %q from init", m.Kind)
		}
	}
}

func (c *Container) runCreateHooks() error {
	h := c.Spec.Hooks
	if h == nil {
		return nil
	}
	st := c.OCIState()
	st.Status = specs.StateCreating
	if err := hooks.Run("prestart", h.Prestart, st); err != nil { //nolint:staticcheck // deprecated, still honoured
		return err
	}
	return hooks.Run("createRuntime", h.CreateRuntime, st)
}

func deliverConsole(fds []int, io IO) error {
	if len(fds) != 1 {
		return fmt.Errorf("handshake: console message carried %d fds", len(fds))
	}
	master := os.NewFile(uintptr(fds[0]), "/dev/ptmx")
	if io.Console != nil {
		io.Console(master)
		return nil
	}
	defer master.Close()
	return sendConsole(io.ConsoleSocket, master)
}

// destroy removes whatever a failed create made.
func (c *Container) destroy() {
	if c.Pid > 0 && alive(c.Pid, c.InitStart) {
		_ = unix.Kill(c.Pid, unix.SIGKILL)
		var ws unix.WaitStatus
		_, _ = unix.Wait4(c.Pid, &ws, 0, nil)
	}
	if cg, err := c.Cgroup(); err == nil {
		_ = cg.Destroy()
	}
	_ = c.store.Remove(c.ID)
}

// joinPaths lists the namespaces the spec joins by path.
func joinPaths(s *specs.Spec) []specs.LinuxNamespace {
	var out []specs.LinuxNamespace
	for _, ns := range s.Linux.Namespaces {
		if ns.Path != "" {
			out = append(out, ns)
		}
	}
	return out
}

func writePidFile(path string, pid int) error {
	if path == "" {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("pid file: %w", err)
	}
	tmp := filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".tmp")
	if err := os.WriteFile(tmp, []byte(fmt.Sprint(pid)), 0o644); err != nil {
		return fmt.Errorf("pid file: %w", err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return fmt.Errorf("pid file: %w", err)
	}
	return nil
}

// withDefaultDevices appends allow rules for the devices every container
// gets (null, zero, full, random, urandom, tty, ptys), so that a spec that
// denies all devices still gets a working /dev.
func withDefaultDevices(r *specs.LinuxResources) *specs.LinuxResources {
	if r == nil || len(r.Devices) == 0 {
		return r
	}
	cp := *r
	cp.Devices = append(append([]specs.LinuxDeviceCgroup{}, r.Devices...), defaultDeviceRules...)
	return &cp
}

func i64(v int64) *int64 { return &v }

var defaultDeviceRules = []specs.LinuxDeviceCgroup{
	{Allow: true, Type: "c", Major: i64(1), Minor: i64(3), Access: "rwm"},    // null
	{Allow: true, Type: "c", Major: i64(1), Minor: i64(5), Access: "rwm"},    // zero
	{Allow: true, Type: "c", Major: i64(1), Minor: i64(7), Access: "rwm"},    // full
	{Allow: true, Type: "c", Major: i64(1), Minor: i64(8), Access: "rwm"},    // random
	{Allow: true, Type: "c", Major: i64(1), Minor: i64(9), Access: "rwm"},    // urandom
	{Allow: true, Type: "c", Major: i64(5), Minor: i64(0), Access: "rwm"},    // tty
	{Allow: true, Type: "c", Major: i64(5), Minor: i64(2), Access: "rwm"},    // ptmx
	{Allow: true, Type: "c", Major: i64(136), Minor: nil, Access: "rwm"},     // pts/*
	{Allow: true, Type: "c", Major: i64(10), Minor: i64(200), Access: "rwm"}, // tun
}

// mappedRoot returns the host uid and gid that are root in the spec's new
// user namespace, if it has one that maps root.
func mappedRoot(s *specs.Spec) (uid, gid uint32, ok bool) {
	if !spec.HasNewNamespace(s, specs.UserNamespace) {
		return 0, 0, false
	}
	u, uok := hostID(s.Linux.UIDMappings)
	g, gok := hostID(s.Linux.GIDMappings)
	return u, g, uok && gok
}

func hostID(maps []specs.LinuxIDMapping) (uint32, bool) {
	for _, m := range maps {
		if m.ContainerID == 0 && m.Size > 0 {
			return m.HostID, true
		}
	}
	return 0, false
}
