package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/units"
	"github.com/cell-runtime/cell/internal/usage"
)

func init() { register("stats", newStatsCmd) }

type statsFlags struct {
	noStream bool
	format   string
	interval time.Duration
}

func newStatsCmd(g *Globals) *cobra.Command {
	var f statsFlags
	cmd := &cobra.Command{
		Use:   "stats [flags] [ID...]",
		Short: "show CPU, memory, network, block I/O and pids of running containers",
		Long: "Like docker stats: CPU % over each interval (100% is one CPU), memory without\n" +
			"inactive page cache against the limit (or the host's memory), network and block\n" +
			"I/O totals, and the number of tasks. Refreshes until interrupted.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.format != "table" && f.format != "json" {
				return fmt.Errorf("--format %q: want table or json", f.format)
			}
			if f.interval <= 0 {
				return fmt.Errorf("--interval %v: want a positive duration", f.interval)
			}
			ctx, stop := signal.NotifyContext(context.Background(), unix.SIGINT, unix.SIGTERM)
			defer stop()
			return stats(ctx, g, args, f, os.Stdout)
		},
	}
	cmd.Flags().BoolVar(&f.noStream, "no-stream", false, "print one sample and exit")
	cmd.Flags().StringVar(&f.format, "format", "table", "output format: table or json (one object per container and line)")
	cmd.Flags().DurationVar(&f.interval, "interval", time.Second, "time between samples")
	return cmd
}

// stats samples until ctx ends (once with --no-stream). The first figures
// come one interval after start, so that CPU % has a delta to work on.
func stats(ctx context.Context, g *Globals, ids []string, f statsFlags, out io.Writer) error {
	tr, err := usage.NewTracker()
	if err != nil {
		return err
	}
	redraw := f.format == "table" && !f.noStream && isTerminal(out)
	for first := true; ; first = false {
		cs, err := usage.Running(g.Root, ids)
		if err != nil {
			return err
		}
		figs := tr.Update(cs)
		if !first {
			if redraw {
				fmt.Fprint(out, "\033[2J\033[H")
			}
			if err := printStats(out, f.format, figs); err != nil || f.noStream {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(f.interval):
		}
	}
}

func printStats(out io.Writer, format string, figs []usage.Figures) error {
	if format == "json" {
		enc := json.NewEncoder(out)
		for _, f := range figs {
			if err := enc.Encode(f); err != nil {
				return err
			}
		}
		return nil
	}
	w := tabwriter.NewWriter(out, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "CONTAINER ID\tNAME\tCPU %\tMEM USAGE / LIMIT\tMEM %\tNET I/O\tBLOCK I/O\tPIDS")
	for _, f := range figs {
		fmt.Fprintf(w, "%s\t%s\t%.2f%%\t%s / %s\t%.2f%%\t%s / %s\t%s / %s\t%d\n",
			shortID(f.ID), f.Name, f.CPUPercent, units.IEC(f.MemoryUsage), units.IEC(f.MemoryLimit),
			f.MemoryPercent, units.SI(f.NetRx), units.SI(f.NetTx), units.SI(f.BlockRead), units.SI(f.BlockWrite), f.Pids)
	}
	return w.Flush()
}

// shortID cuts 64-digit hex ids (as engines make them) to docker's 12
// characters; ids people chose stay whole.
func shortID(id string) string {
	if len(id) == 64 && strings.Trim(id, "0123456789abcdef") == "" {
		return id[:12]
	}
	return id
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
