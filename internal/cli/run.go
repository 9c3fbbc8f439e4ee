package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
)

func init() { register("run", newRunCmd) }

func newRunCmd(g *Globals) *cobra.Command {
	var f createFlags
	var detach bool
	p := runFlags{detach: &detach}
	cmd := &cobra.Command{
		Use:     "run [flags] [ROOTFS|IMAGE] [-- COMMAND [ARG...]]\n  cell run [flags] -b BUNDLE ID",
		Short:   "run a command in a new container (or, with -b, run an OCI bundle)",
		Long:    runLong,
		Example: runExample,
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !ociMode(cmd, args) {
				return p.run(g, cmd, args)
			}
			if len(args) != 1 {
				return fmt.Errorf("run -b BUNDLE: want exactly one container id")
			}
			return runContainer(g, &f, args[0], detach)
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVarP(&detach, "detach", "d", false, "run in the background (print the id and return)")
	p.add(cmd)
	cmd.Flags().SetInterspersed(false)
	cmd.SetHelpFunc(func(c *cobra.Command, _ []string) { runHelp(c, c.OutOrStdout()) })
	return cmd
}

// runContainer creates and starts container id and, unless detached, waits
// for it (relaying its terminal to ours when it has one and no console
// socket takes it) and deletes it.
func runContainer(g *Globals, f *createFlags, id string, detach bool) error {
	tio := newTerminalIO(f.consoleSocket, f.preserveFDs)
	if detach {
		tio.io.Console = nil // a detached terminal needs --console-socket
	}
	c, err := f.create(g, id, tio.io, true)
	if err = recorded(g, "create", id, err); err != nil {
		tio.close()
		return wrapID("run", id, err)
	}
	_ = recorded(g, "start", id, nil)
	if detach {
		return nil
	}
	code, relayErr := tio.wait(c.Pid)
	recordExit(g, id, code)
	if err := recorded(g, "delete", id, withLocked(g, "run", id, func(c *container.Container) error { return c.Delete(true) })); err != nil {
		return err
	}
	if relayErr != nil {
		return wrapID("run", id, relayErr)
	}
	if code != 0 {
		return &ExitError{Code: code}
	}
	return nil
}
