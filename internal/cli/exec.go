package cli

import (
	"fmt"
	"os"

	json "github.com/go-json-experiment/json/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
)

func init() { register("exec", newExecCmd) }

type execFlags struct {
	process, cwd, user, pidFile, consoleSocket string
	env, caps                                  []string
	tty, detach, noNewPrivs                    bool
	preserveFDs                                int
}

// build makes the process to run: --process JSON, or the container's own
// process with the flags and args applied.
func (f *execFlags) build(c *container.Container, args []string) (*specs.Process, error) {
	if f.process != "" {
		b, err := os.ReadFile(f.process)
		if err != nil {
			return nil, fmt.Errorf("--process: %w", err)
		}
		var p specs.Process
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("--process %s: malformed JSON: %w", f.process, err)
		}
		return &p, nil
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("exec: no command (give one after the id, or --process)")
	}
	b, _ := json.Marshal(c.Spec.Process)
	var p specs.Process
	_ = json.Unmarshal(b, &p)
	p.Args, p.Terminal = args, f.tty
	p.Env = append(p.Env, f.env...)
	if f.cwd != "" {
		p.Cwd = f.cwd
	}
	if f.noNewPrivs {
		p.NoNewPrivileges = true
	}
	if f.user != "" {
		uid, gid, err := spec.ParseUser(f.user)
		if err != nil {
			return nil, fmt.Errorf("--user %w", err)
		}
		p.User.UID, p.User.GID = uid, gid
	}
	if len(f.caps) > 0 && p.Capabilities != nil {
		for _, set := range []*[]string{&p.Capabilities.Bounding, &p.Capabilities.Effective, &p.Capabilities.Permitted} {
			*set = append(*set, f.caps...)
		}
	}
	return &p, nil
}

func newExecCmd(g *Globals) *cobra.Command {
	var f execFlags
	cmd := &cobra.Command{
		Use:   "exec [flags] ID [COMMAND [ARGS...]]",
		Short: "run a further process in a running container",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			c, unlock, err := container.Locked(store.Store{Root: g.Root}, id)
			if err != nil {
				return wrapID("exec", id, err)
			}
			p, err := f.build(c, args[1:])
			if err != nil {
				unlock()
				return wrapID("exec", id, err)
			}
			tio := newTerminalIO(f.consoleSocket, f.preserveFDs)
			if f.detach {
				tio.io.Console = nil // a detached terminal needs --console-socket
			}
			tio.sizeProcess(p)
			pid, err := c.Exec(p, tio.io)
			unlock()
			if err != nil {
				return wrapID("exec", id, err)
			}
			if err := writePid(f.pidFile, pid); err != nil {
				tio.close()
				return err
			}
			if f.detach {
				return nil
			}
			code, err := tio.wait(pid)
			if err != nil {
				_ = unix.Kill(pid, unix.SIGKILL)
				container.WaitPid(pid)
				return wrapID("exec", id, err)
			}
			if code != 0 {
				return &ExitError{Code: code}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.SetInterspersed(false)
	fl.StringVarP(&f.process, "process", "p", "", "path to a process.json")
	fl.StringVar(&f.cwd, "cwd", "", "working directory")
	fl.StringVarP(&f.user, "user", "u", "", "UID[:GID]")
	fl.StringArrayVarP(&f.env, "env", "e", nil, "set an environment variable")
	fl.StringArrayVarP(&f.caps, "cap", "c", nil, "add a capability")
	fl.BoolVarP(&f.tty, "tty", "t", false, "allocate a pseudo-terminal")
	fl.BoolVarP(&f.detach, "detach", "d", false, "do not wait for the process")
	fl.BoolVar(&f.noNewPrivs, "no-new-privs", false, "set no_new_privs")
	fl.StringVar(&f.pidFile, "pid-file", "", "write the process's pid to this file")
	fl.StringVar(&f.consoleSocket, "console-socket", "", "unix socket to send the pty master to")
	fl.IntVar(&f.preserveFDs, "preserve-fds", 0, "pass this many fds after stdio into the process")
	return cmd
}

func writePid(path string, pid int) error {
	if path == "" {
		return nil
	}
	return os.WriteFile(path, []byte(fmt.Sprint(pid)), 0o644)
}
