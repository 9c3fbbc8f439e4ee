package container

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/console"
	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/initproc"
	"github.com/cell-runtime/cell/internal/nsenter"
	"github.com/cell-runtime/cell/internal/spec"
)

// initProcess is a started `cell init`: its pid (a child of ours) and our
// end of the handshake.
type initProcess struct {
	pid  int
	conn *handshake.Conn
}

// cloneFlags are the namespaces the kernel creates at clone time. Cgroup,
// time and network namespaces are left to the init (see
// initproc.enterCgroupNS and initproc.NewNetEnv).
var cloneFlags = map[specs.LinuxNamespaceType]uintptr{
	specs.PIDNamespace:   unix.CLONE_NEWPID,
	specs.MountNamespace: unix.CLONE_NEWNS,
	specs.IPCNamespace:   unix.CLONE_NEWIPC,
	specs.UTSNamespace:   unix.CLONE_NEWUTS,
	specs.UserNamespace:  unix.CLONE_NEWUSER,
}

// startInit starts `cell init` from a sealed binary (see initBinary), in
// the new namespaces of s and those in joins, cloned into the v2 group of
// into, and returns once the init runs. It then waits for its Config, with
// which it gets the files to enter its v1 hierarchies (see configFDs). The
// init is always our child, also when the nsenter constructor forked to
// enter a joined pid namespace.
func startInit(s *specs.Spec, joins []specs.LinuxNamespace, io IO, into cgroups.Manager) (*initProcess, error) {
	attr := &syscall.SysProcAttr{Setsid: true}
	var env []string
	for _, ns := range s.Linux.Namespaces {
		switch {
		case ns.Path != "":
		case ns.Type == specs.NetworkNamespace:
			env = append(env, initproc.NewNetEnv+"=1")
		default:
			attr.Cloneflags |= cloneFlags[ns.Type]
		}
	}
	m, err := newIDMapper(s)
	if err != nil {
		return nil, err
	}
	if m != nil {
		defer m.close()
	} else if spec.HasNewNamespace(s, specs.UserNamespace) {
		attr.UidMappings = idMaps(s.Linux.UIDMappings)
		attr.GidMappings = idMaps(s.Linux.GIDMappings)
		attr.GidMappingsEnableSetgroups = setgroupsAllowed()
		// The child keeps the host's ids, unmapped inside, until it takes
		// the namespace's root: without that, execve would grant it no
		// capabilities in its own namespace.
		attr.Credential = &syscall.Credential{Uid: 0, Gid: 0, NoSetGroups: !attr.GidMappingsEnableSetgroups}
	}
	nj := make([]nsenter.Join, 0, len(joins))
	for _, ns := range joins {
		nj = append(nj, nsenter.Join{Type: spec.NamespaceFile[ns.Type], Path: ns.Path})
	}
	p, err := spawn(attr, nj, env, io, into, m)
	if err != nil {
		return nil, err
	}
	if err := setOOMScoreAdj(p.pid, s.Process.OOMScoreAdj); err != nil {
		p.kill()
		return nil, err
	}
	return p, nil
}

// spawn starts `cell init` (see initBinary) with attr and env added to its
// environment, joining nj in the nsenter constructor, cloned into the v2
// group of into. m, when not nil, writes the id maps of the user namespace
// attr makes.
func spawn(attr *syscall.SysProcAttr, nj []nsenter.Join, env []string, io IO, into cgroups.Manager, m *idMapper) (*initProcess, error) {
	self, err := initBinary()
	if err != nil {
		return nil, err
	}
	defer self.Close()
	parent, child, err := handshake.Pair()
	if err != nil {
		return nil, err
	}
	defer child.Close()
	// The standard files, the preserved ones, the handshake socket and the
	// binary, at these numbers in the child.
	files := []*os.File{orStd(io.Stdin, os.Stdin), orStd(io.Stdout, os.Stdout), orStd(io.Stderr, os.Stderr)}
	for i := 0; i < io.ListenFDs+io.PreserveFDs; i++ {
		files = append(files, os.NewFile(uintptr(3+i), fmt.Sprintf("preserved-%d", 3+i)))
	}
	sockFD := len(files)
	files = append(files, child.File(), self)
	// The binary sits at a known number in the child: execve opens it there.
	path := fmt.Sprintf("/proc/self/fd/%d", sockFD+1)
	env = append([]string{fmt.Sprintf("%s=%d", initproc.SockEnv, sockFD)}, env...)
	if m != nil {
		env = append(env, m.env(&files))
	}
	var pidR, pidW *os.File
	if len(nj) > 0 {
		forkFD := -1
		if nsenter.NeedsFork(nj) {
			if pidR, pidW, err = os.Pipe(); err != nil {
				return nil, fmt.Errorf("pipe: %w", err)
			}
			defer pidW.Close()
			defer pidR.Close()
			forkFD = len(files)
			files = append(files, pidW)
		}
		env = append(env, nsenter.Env(nj, forkFD)...)
	}
	v2, _ := into.Split()
	entry, err := v2.OpenEntry()
	if err != nil {
		return nil, err
	}
	defer entry.Close()
	if entry.Dir >= 0 {
		attr.UseCgroupFD, attr.CgroupFD = true, entry.Dir
	}
	// syscall.ForkExec, not os/exec: os.StartProcess probes pidfd support
	// once per process by forking a child of its own, 0.15 ms before
	// every create, and cell waits for the init with wait4 anyway.
	fds := make([]uintptr, len(files))
	for i, f := range files {
		fds[i] = f.Fd()
	}
	pid, err := syscall.ForkExec(path, []string{"cell", "init"}, &syscall.ProcAttr{Env: env, Files: fds, Sys: attr})
	runtime.KeepAlive(files)
	if err != nil {
		parent.Close()
		return nil, startError(err)
	}
	p := &initProcess{pid: pid, conn: parent}
	if m != nil {
		if err := m.write(p.pid); err != nil {
			p.kill()
			parent.Close()
			return nil, err
		}
	}
	if pidR != nil {
		if err := p.readForkedPid(pidR, pidW); err != nil {
			parent.Close()
			return nil, err
		}
	}
	return p, nil
}

// configFDs opens the tasks files of cg's v1 hierarchies, to go last with
// a Config (as many as Config.CgroupTasks says) so that the init enters
// them itself. done closes them once sent.
func configFDs(cg cgroups.Manager) (tasks []int, done func(), err error) {
	_, v1 := cg.Split()
	e, err := v1.OpenEntry()
	if err != nil {
		return nil, nil, err
	}
	for _, f := range e.Tasks {
		tasks = append(tasks, int(f.Fd()))
	}
	return tasks, e.Close, nil
}

// readForkedPid learns the pid of the process the nsenter constructor
// forked (a child of ours thanks to CLONE_PARENT) and reaps the
// intermediate one, p.pid. w is our copy of the pipe's write end: it is
// closed first, so that EOF comes if the child dies.
func (p *initProcess) readForkedPid(r, w *os.File) error {
	w.Close()
	line, readErr := bufio.NewReader(r).ReadString('\n')
	var waitErr error
	if code := WaitPid(p.pid); code != 0 {
		waitErr = fmt.Errorf("exit status %d", code)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if readErr != nil || err != nil {
		return fmt.Errorf("join namespaces: %v", firstErr(waitErr, readErr, err))
	}
	p.pid = pid
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// kill kills and reaps the init.
func (p *initProcess) kill() {
	_ = unix.Kill(p.pid, unix.SIGKILL)
	var ws unix.WaitStatus
	_, _ = unix.Wait4(p.pid, &ws, 0, nil)
}

// explain turns a handshake failure into the best error we can give: the
// init's own report, or how it died.
func (p *initProcess) explain(err error) error {
	var remote *handshake.RemoteError
	if errors.As(err, &remote) {
		return remote
	}
	if errors.Is(err, handshake.ErrClosed) {
		var ws unix.WaitStatus
		if _, werr := unix.Wait4(p.pid, &ws, 0, nil); werr == nil {
			if ws.Exited() && ws.ExitStatus() == nsenter.ExitStatus {
				return errors.New("init could not join the namespaces (see its error above)")
			}
			return fmt.Errorf("init died during setup (%v)", waitString(ws))
		}
	}
	return err
}

func waitString(ws unix.WaitStatus) string {
	if ws.Signaled() {
		return "killed by " + unix.SignalName(ws.Signal())
	}
	return fmt.Sprintf("exit status %d", ws.ExitStatus())
}

func orStd(f, std *os.File) *os.File {
	if f != nil {
		return f
	}
	return std
}

func idMaps(m []specs.LinuxIDMapping) []syscall.SysProcIDMap {
	out := make([]syscall.SysProcIDMap, 0, len(m))
	for _, e := range m {
		out = append(out, syscall.SysProcIDMap{ContainerID: int(e.ContainerID), HostID: int(e.HostID), Size: int(e.Size)})
	}
	return out
}

// setOOMScoreAdj sets the init's oom_score_adj from the parent, which can
// report a refusal (lowering needs CAP_SYS_RESOURCE) before anything runs.
func setOOMScoreAdj(pid int, v *int) error {
	if v == nil {
		return nil
	}
	path := fmt.Sprintf("/proc/%d/oom_score_adj", pid)
	if err := os.WriteFile(path, []byte(strconv.Itoa(*v)), 0); err != nil {
		err = errors.Unwrap(err)
		if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) {
			return fmt.Errorf("process.oomScoreAdj %d: %w (lowering it needs CAP_SYS_RESOURCE, which this host does not grant)", *v, err)
		}
		return fmt.Errorf("process.oomScoreAdj %d: %w", *v, err)
	}
	return nil
}

func sendConsole(socket string, master *os.File) error {
	return console.SendToSocket(socket, master)
}
