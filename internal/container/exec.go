package container

import (
	"errors"
	"fmt"
	"syscall"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/nsenter"
	"github.com/cell-runtime/cell/internal/security"
	"github.com/cell-runtime/cell/internal/spec"
)

// Exec starts p inside the running container: in all of its namespaces
// (joined by the nsenter constructor) and its cgroup. It returns the new
// process's pid once it is about to execve; the process is our child, so
// the caller may wait for it.
func (c *Container) Exec(p *specs.Process, io IO) (int, error) {
	switch s := c.Status(); s {
	case Running, Created:
	default:
		return 0, fmt.Errorf("cannot exec in a container that is %s", s)
	}
	if p.Terminal && io.ConsoleSocket == "" && io.Console == nil {
		return 0, fmt.Errorf("process.terminal: a terminal needs --console-socket")
	}
	if err := security.DetectLSM().CheckLSM(p); err != nil {
		return 0, err
	}
	var joins []nsenter.Join
	for _, ns := range c.Spec.Linux.Namespaces {
		name := spec.NamespaceFile[ns.Type]
		joins = append(joins, nsenter.Join{Type: name, Path: fmt.Sprintf("/proc/%d/ns/%s", c.Pid, name)})
	}
	cg, err := c.Cgroup()
	if err != nil {
		return 0, err
	}
	ip, err := spawn(&syscall.SysProcAttr{Setsid: p.Terminal}, joins, nil, io, cg, nil)
	if err != nil {
		return 0, err
	}
	defer ip.conn.Close()
	if err := setOOMScoreAdj(ip.pid, p.OOMScoreAdj); err != nil {
		ip.kill()
		return 0, err
	}
	io.ListenFDs = 0
	tasks, closeTasks, err := configFDs(cg)
	if err != nil {
		ip.kill()
		return 0, err
	}
	defer closeTasks()
	cfg := &handshake.Config{ID: c.ID, Spec: c.Spec, Bundle: c.Bundle, Exec: true, Process: p, PreserveFDs: io.PreserveFDs, CgroupTasks: len(tasks)}
	if err := ip.conn.Send(handshake.KindConfig, cfg, tasks...); err != nil {
		ip.kill()
		return 0, err
	}
	if err := c.converse(ip, io); err != nil {
		ip.kill()
		return 0, err
	}
	if err := ip.awaitExecve(); err != nil {
		ip.kill()
		return 0, err
	}
	return ip.pid, nil
}

// awaitExecve waits until the process has replaced cell with the user's
// program: execve closes the handshake socket. An error sent instead is
// the execve's failure.
func (p *initProcess) awaitExecve() error {
	_, _, err := p.conn.Recv()
	if err == nil {
		return errors.New("handshake: unexpected message after ready")
	}
	if errors.Is(err, handshake.ErrClosed) {
		return nil
	}
	var remote *handshake.RemoteError
	if errors.As(err, &remote) {
		return remote
	}
	return err
}
