package cli

import "github.com/spf13/cobra"

// listContainers is `cell ps` without an id: for now the same as
// `cell list`.
func listContainers(cmd *cobra.Command, g *Globals) error {
	return newListCmd(g).RunE(cmd, nil)
}
