package cli

import (
	"github.com/cell-runtime/cell/internal/network"
	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"
)

// networkAttachCmd is `network attach`: the library call `cell run` makes,
// for people who build their own OCI bundles (netnsPath goes into
// config.json) and for bench/network.sh.
func networkAttachCmd(g *Globals) *cobra.Command {
	var o network.AttachOptions
	var ports []string
	attach := &cobra.Command{
		Use:   "attach ID [--net NAME] [-p HOSTPORT:CPORT[/tcp|udp]]...",
		Short: "give container ID a network namespace on a bridge network; print it as JSON",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			for _, p := range ports {
				port, err := network.ParsePort(p)
				if err != nil {
					return err
				}
				o.Ports = append(o.Ports, port)
			}
			a, err := networkManager(g).Attach(o)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(a)
		},
	}
	attach.Flags().StringVar(&o.Network, "net", network.DefaultNetwork, "network name")
	attach.Flags().StringArrayVarP(&ports, "publish", "p", nil, "publish a port, HOSTPORT:CONTAINERPORT[/tcp|udp]")
	attach.Flags().StringVar(&o.Hostname, "hostname", "", "name for /etc/hosts (default ID)")
	return attach
}

// networkDetachCmd is `network detach`, which undoes attach.
func networkDetachCmd(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use: "detach ID...", Short: "undo attach: veth, lease, ports and namespace file", Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, id := range args {
				if err := networkManager(g).Detach(id); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
