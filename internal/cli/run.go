package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
)

func init() { register(newRunCmd) }

func newRunCmd(g *Globals) *cobra.Command {
	var f createFlags
	var detach bool
	p := runFlags{detach: &detach}
	cmd := &cobra.Command{
		Use:   "run [flags] [ROOTFS|IMAGE] [-- COMMAND [ARG...]]\n  cell run [flags] -b BUNDLE ID",
		Short: "run a command in a new container (or, with -b, run an OCI bundle)",
		Long:  runLong,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !ociMode(cmd, args) {
				return p.run(g, cmd, args)
			}
			if len(args) != 1 {
				return fmt.Errorf("run -b BUNDLE: want exactly one container id")
			}
			id := args[0]
			c, err := f.create(g, id, container.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
			if err != nil {
				return wrapID("run", id, err)
			}
			if err := withLocked(g, "run", id, (*container.Container).Start); err != nil {
				_ = c.Delete(true)
				return err
			}
			if detach {
				return nil
			}
			code := c.Wait()
			if err := withLocked(g, "run", id, func(c *container.Container) error { return c.Delete(true) }); err != nil {
				return err
			}
			if code != 0 {
				return &ExitError{Code: code}
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVarP(&detach, "detach", "d", false, "run in the background (print the id and return)")
	p.add(cmd)
	cmd.Flags().SetInterspersed(false)
	return cmd
}
