package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/people"
)

func init() { register("wait", newWaitCmd) }

// newWaitCmd is `cell wait NAME...`: as docker wait, it waits for each
// container to stop and prints its exit status.
func newWaitCmd(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use:   "wait NAME...",
		Short: "wait for containers to stop, then print their exit statuses",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, n := range args {
				code, err := people.Wait(g.Root, n)
				if err != nil {
					return wrapID("wait", n, err)
				}
				fmt.Fprintln(cmd.OutOrStdout(), code)
			}
			return nil
		},
	}
}
