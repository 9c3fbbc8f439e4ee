package cli

import (
	"os"

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
			id := args[0]
			c, err := f.create(g, id, container.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
			if err = recorded(g, "create", id, err); err != nil {
				return wrapID("run", id, err)
			}
			if err := recorded(g, "start", id, withLocked(g, "run", id, (*container.Container).Start)); err != nil {
				_ = c.Delete(true)
				return err
			}
			if detach {
				return nil
			}
			code := c.Wait()
			recordExit(g, id, code)
			if err := recorded(g, "delete", id, withLocked(g, "run", id, func(c *container.Container) error { return c.Delete(true) })); err != nil {
				return err
			}
			if code != 0 {
				return &ExitError{Code: code}
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVarP(&detach, "detach", "d", false, "do not wait for the container")
	return cmd
}
