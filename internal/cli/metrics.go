package cli

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os/signal"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/metrics"
)

func init() { register("metrics", newMetricsCmd) }

func newMetricsCmd(g *Globals) *cobra.Command {
	var listen string
	cmd := &cobra.Command{
		Use:   "metrics [flags]",
		Short: "serve running containers' usage as Prometheus metrics on http://LISTEN/metrics",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// A numeric address: resolving names would link Go's DNS
			// resolver into every cell.
			ap, err := netip.ParseAddrPort(listen)
			if err != nil {
				return fmt.Errorf("--listen %q: want IP:PORT (such as 127.0.0.1:9140): %w", listen, err)
			}
			ln, err := net.ListenTCP("tcp", net.TCPAddrFromAddrPort(ap))
			if err != nil {
				return fmt.Errorf("--listen %s: %w", listen, err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), unix.SIGINT, unix.SIGTERM)
			defer stop()
			return metrics.Serve(ctx, ln, g.Root)
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:9140", "address to serve metrics on (IP:PORT)")
	return cmd
}
