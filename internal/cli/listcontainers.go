package cli

import (
	"os"

	"github.com/spf13/cobra"
)

// listContainers is `cell ps` without an id: the people's container list
// (psList), running ones only unless -a.
func listContainers(cmd *cobra.Command, g *Globals) error {
	all, _ := cmd.Flags().GetBool("all")
	format, _ := cmd.Flags().GetString("format")
	return psList(g, os.Stdout, all, format)
}
