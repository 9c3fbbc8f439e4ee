package initproc

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/security"
)

// execProcess runs a further process in a running container. The nsenter
// constructor has already joined every namespace of the container (and the
// parent our cgroup), so what is left is the process's own setup.
func execProcess(conn *handshake.Conn, cfg *handshake.Config) error {
	p := cfg.Process
	if p.Terminal {
		if err := setupConsole(conn, false); err != nil {
			return err
		}
	}
	if err := security.ApplyRlimits(p.Rlimits); err != nil {
		return err
	}
	pe, err := prepareExec(p, cfg.Spec.Linux.Seccomp, cfg.PreserveFDs, conn)
	if err != nil {
		return err
	}
	if err := conn.Send(handshake.KindReady, nil); err != nil {
		return fmt.Errorf("report ready: %w", err)
	}
	// The socket stays open until execve closes it: the parent holds the
	// container's lock until then, so that no pause freezes this process
	// in the middle of execve (a frozen cgroup would never finish freezing).
	unix.CloseOnExec(int(conn.File().Fd()))
	return pe.exec()
}
