package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/metrics"
)

func init() { register(newMetricsCmd) }

func newMetricsCmd(g *Globals) *cobra.Command {
	var listen string
	cmd := &cobra.Command{
		Use:   "metrics [flags]",
		Short: "serve running containers' usage as Prometheus metrics on /metrics",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := metrics.Handler(g.Root)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("--listen %s: %w", listen, err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), unix.SIGINT, unix.SIGTERM)
			defer stop()
			return serveMetrics(ctx, ln, h)
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:9140", "address to serve metrics on (HOST:PORT)")
	return cmd
}

// serveMetrics serves h on /metrics until ctx ends, then shuts down.
func serveMetrics(ctx context.Context, ln net.Listener, h http.Handler) error {
	mux := http.NewServeMux()
	mux.Handle("/metrics", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve metrics: %w", err)
	}
	return nil
}
