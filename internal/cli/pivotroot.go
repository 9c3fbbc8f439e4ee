package cli

import (
	"github.com/cell-runtime/cell/internal/nstools"
	"github.com/spf13/cobra"
)

func init() { register("pivot-root", newPivotRootCmd) }

func newPivotRootCmd(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use:   "pivot-root NEW_ROOT PUT_OLD",
		Short: "change the root mount of the current mount namespace (like util-linux pivot_root)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return nstools.PivotRoot(args[0], args[1])
		},
	}
}
