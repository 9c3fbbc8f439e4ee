package container

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/hooks"
	"github.com/cell-runtime/cell/internal/security"
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
	PidFile string
	// Start starts the container too, as `run` does: the init execs the
	// process as soon as it is set up, and the state is written meanwhile
	// rather than first.
	Start        bool
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
	// ListenFDs passes fds 3..3+N-1 of cell into a new container's process
	// for socket activation, with LISTEN_FDS=N and LISTEN_PID set to the
	// process's pid in its environment, as runc does. Ignored by Exec.
	ListenFDs int
	// PreserveFDs passes the N fds of cell after the ListenFDs into the
	// process, at the same numbers.
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
	if err := security.DetectLSM().CheckLSM(o.Spec.Process); err != nil {
		return nil, err
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
	p, cg, err := c.startInitAndCgroup(o)
	if err != nil {
		return err
	}
	defer p.conn.Close()
	// After Set: it may have added the net_cls and net_prio hierarchies.
	c.CgroupPaths = cg.Paths()
	c.Pid, c.InitStart = p.pid, startTime(p.pid)
	cfg := &handshake.Config{
		ID: c.ID, Spec: c.Spec, Bundle: c.Bundle, NoPivot: o.NoPivot, NoNewKeyring: o.NoNewKeyring,
		ListenFDs: o.IO.ListenFDs, PreserveFDs: o.IO.PreserveFDs, CgroupPaths: c.CgroupPaths,
	}
	fifo, err := c.openFifo()
	if err != nil {
		return err
	}
	defer unix.Close(fifo)
	tasks, closeTasks, err := configFDs(cg)
	if err != nil {
		return err
	}
	defer closeTasks()
	cfg.CgroupTasks = len(tasks)
	if err := p.conn.Send(handshake.KindConfig, cfg, append([]int{fifo}, tasks...)...); err != nil {
		return err
	}
	// While the init sets up, record its pid for a delete after a crash.
	if err := c.save(); err != nil {
		return err
	}
	if err := c.converse(p, o.IO); err != nil {
		return err
	}
	c.State.Status = Created
	if o.Start {
		if err := c.release(); err != nil {
			return err
		}
	}
	if err := c.save(); err != nil {
		return err
	}
	if err := writePidFile(o.PidFile, c.Pid); err != nil {
		return err
	}
	if o.Start {
		return c.started()
	}
	return nil
}

// startInitAndCgroup makes the container's cgroup and starts its init,
// cloned into the v2 group. The v1 hierarchies, which take longer to make
// (a mkdir each, cpuset, limits), are made while the init starts its Go
// runtime: the init enters them itself once its Config comes (see
// cgroups.Entry). Unprivileged callers, who may fall back to no cgroup, and
// pure v2 hosts make the whole cgroup first.
func (c *Container) startInitAndCgroup(o *CreateOptions) (*initProcess, cgroups.Manager, error) {
	cg, err := c.Cgroup()
	if err != nil {
		return nil, nil, err
	}
	v2, v1 := cg.Split()
	if unprivileged() || len(v1.Paths()) == 0 {
		if cg, err = c.makeCgroup(); err != nil {
			return nil, nil, err
		}
		p, err := startInit(c.Spec, joinPaths(c.Spec), o.IO, cg)
		return p, cg, err
	}
	if err := makePart(v2); err != nil {
		return nil, nil, err
	}
	p, err := startInit(c.Spec, joinPaths(c.Spec), o.IO, v2)
	if err != nil {
		return nil, nil, err
	}
	err = makePart(v1)
	if err == nil {
		err = cg.Set(withDefaultDevices(c.Spec.Linux.Resources))
	}
	if err != nil {
		p.kill()
		p.conn.Close()
		return nil, nil, err
	}
	return p, cg, nil
}

// makePart creates part of the container's cgroup (see Manager.Split) and
// claims it.
func makePart(part cgroups.Manager) error {
	if err := part.Apply(0); err != nil {
		return err
	}
	return claimCgroup(part)
}

// openFifo opens the exec fifo as an O_PATH fd for the init, giving it to
// the container's root user, who reopens it for writing.
func (c *Container) openFifo() (int, error) {
	uid, gid := rootHostIDs(c.Spec)
	if err := os.Chown(c.fifoPath(), uid, gid); err != nil {
		return -1, fmt.Errorf("exec fifo: %w", err)
	}
	fd, err := unix.Open(c.fifoPath(), unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("open exec fifo: %w", err)
	}
	return fd, nil
}

// rootHostIDs are the host uid and gid of the container's root user: the
// mapped ones with a new user namespace, the caller's otherwise.
func rootHostIDs(s *specs.Spec) (uid, gid int) {
	uid, gid = os.Geteuid(), os.Getegid()
	if !spec.HasNewNamespace(s, specs.UserNamespace) {
		return uid, gid
	}
	for _, m := range s.Linux.UIDMappings {
		if m.ContainerID == 0 {
			uid = int(m.HostID)
		}
	}
	for _, m := range s.Linux.GIDMappings {
		if m.ContainerID == 0 {
			gid = int(m.HostID)
		}
	}
	return uid, gid
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
// claimCgroup refuses a cgroup that already holds processes (another
// container's with the same cgroups path, or ones left behind), whose
// limits are not ours to set, and thaws an empty one left frozen, which
// would otherwise freeze the init the moment it enters.
func claimCgroup(cg cgroups.Manager) error {
	if cg.Made() {
		return nil
	}
	pids, err := cg.Pids()
	if err != nil {
		return err
	}
	if len(pids) > 0 {
		return fmt.Errorf("linux.cgroupsPath: cgroup %s already holds %d process(es) (another container's?)", anyPath(cg), len(pids))
	}
	if st, err := cg.FreezerState(); err == nil && st != cgroups.Thawed {
		return cg.Freeze(cgroups.Thawed)
	}
	return nil
}

func anyPath(cg cgroups.Manager) string {
	for _, p := range cg.Paths() {
		return p
	}
	return "?"
}

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
