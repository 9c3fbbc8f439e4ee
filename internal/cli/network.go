package cli

import (
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/cell-runtime/cell/internal/network"
	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"
)

func init() { register("network", newNetworkCmd) }

func networkManager(g *Globals) *network.Manager {
	return &network.Manager{Root: filepath.Join(g.Root, "network")}
}

func newNetworkCmd(g *Globals) *cobra.Command {
	cmd := &cobra.Command{Use: "network", Short: "manage bridge networks for `cell run --net`"}
	var subnet, bridge string
	create := &cobra.Command{
		Use: "create NAME --subnet CIDR", Short: "create a bridge network", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := networkManager(g).Create(args[0], subnet, bridge)
			if err == nil {
				fmt.Fprintln(cmd.OutOrStdout(), n.Name)
			}
			return err
		},
	}
	create.Flags().StringVar(&subnet, "subnet", "", "IPv4 subnet, e.g. 10.90.0.0/24 (required)")
	create.Flags().StringVar(&bridge, "bridge", "", "bridge name (default cell-NAME)")
	create.MarkFlagRequired("subnet")
	cmd.AddCommand(create, networkAttachCmd(g), networkDetachCmd(g), &cobra.Command{
		Use: "list", Aliases: []string{"ls"}, Short: "list networks", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			nets, err := networkManager(g).List()
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 8, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tBRIDGE\tSUBNET")
			for _, n := range nets {
				fmt.Fprintf(w, "%s\t%s\t%s\n", n.Name, n.Bridge, n.Subnet)
			}
			w.Flush()
			return err
		},
	}, &cobra.Command{
		Use: "inspect NAME", Short: "show a network and its containers as JSON", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, eps, err := networkManager(g).Inspect(args[0])
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(struct {
				network.Network
				Endpoints []network.Endpoint `json:"endpoints"`
			}{n, eps})
		},
	}, &cobra.Command{
		Use: "rm NAME...", Aliases: []string{"remove"}, Short: "remove networks without containers", Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, name := range args {
				if err := networkManager(g).Remove(name); err != nil {
					return err
				}
			}
			return nil
		},
	})
	return cmd
}
