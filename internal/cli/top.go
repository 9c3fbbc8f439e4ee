package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/top"
	"github.com/cell-runtime/cell/internal/usage"
)

func init() { register("top", newTopCmd) }

func newTopCmd(g *Globals) *cobra.Command {
	var interval time.Duration
	cmd := &cobra.Command{
		Use:   "top [flags]",
		Short: "a live full-screen view of the running containers (q quits)",
		Long: "Rows of CPU and memory against their limits, CPU history, throttled periods and\n" +
			"OOM kills. Keys: up/down select, s sort (cpu, mem, pids, name), r reverse,\n" +
			"p pause/resume the selected container, x kill it (asks), q or ctrl-c quit.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if interval <= 0 {
				return fmt.Errorf("--interval %v: want a positive duration", interval)
			}
			tr, err := usage.NewTracker()
			if err != nil {
				return err
			}
			return top.Run(os.Stdin, os.Stdout, top.Options{
				Interval: interval,
				Sample:   func() ([]top.Row, error) { return topRows(g, tr) },
				Act:      func(a top.Action, id string) error { return topAct(g, a, id) },
			})
		},
	}
	cmd.Flags().DurationVar(&interval, "interval", time.Second, "time between samples")
	return cmd
}

func topRows(g *Globals, tr *usage.Tracker) ([]top.Row, error) {
	cs, err := usage.Running(g.Root, nil)
	if err != nil {
		return nil, err
	}
	paused := map[string]bool{}
	for _, c := range cs {
		paused[c.ID] = c.Status() == container.Paused
	}
	figs := tr.Update(cs)
	rows := make([]top.Row, len(figs))
	for i, f := range figs {
		rows[i] = top.Row{Figures: f, Paused: paused[f.ID]}
	}
	return rows, nil
}

func topAct(g *Globals, a top.Action, id string) error {
	switch a {
	case top.Pause:
		return recorded(g, "pause", id, withLocked(g, "pause", id, (*container.Container).Pause))
	case top.Resume:
		return recorded(g, "resume", id, withLocked(g, "resume", id, (*container.Container).Resume))
	case top.Kill:
		return withLocked(g, "kill", id, func(c *container.Container) error { return c.Signal(unix.SIGKILL, false) })
	}
	return nil
}
