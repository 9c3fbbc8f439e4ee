package cli

import (
	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
)

func init() { register(newRunCmd) }

func newRunCmd(g *Globals) *cobra.Command {
	var f createFlags
	var detach bool
	cmd := &cobra.Command{
		Use:   "run [flags] ID",
		Short: "create and start a container, wait for it and delete it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runContainer(g, &f, args[0], detach)
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVarP(&detach, "detach", "d", false, "do not wait for the container")
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
	c, err := f.create(g, id, tio.io)
	if err != nil {
		return wrapID("run", id, err)
	}
	if err := withLocked(g, "run", id, (*container.Container).Start); err != nil {
		tio.close()
		_ = c.Delete(true)
		return err
	}
	if detach {
		return nil
	}
	code, relayErr := tio.wait(c.Pid)
	if err := withLocked(g, "run", id, func(c *container.Container) error { return c.Delete(true) }); err != nil {
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
