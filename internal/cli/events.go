package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"time"

	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/events"
	"github.com/cell-runtime/cell/internal/store"
)

func init() { register("events", newEventsCmd) }

func newEventsCmd(g *Globals) *cobra.Command {
	var stats bool
	var interval time.Duration
	cmd := &cobra.Command{
		Use:   "events [flags] [ID]",
		Short: "stream a container's stats and oom events as JSON, or every container's lifecycle events",
		Long: "With ID: runc's events, a stats object every --interval and oom events, until the\n" +
			"container exits (--stats: one stats object). Without ID: create, start, pause,\n" +
			"resume, delete, oom and exit (with its status) of every container, as they happen.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if interval <= 0 {
				return fmt.Errorf("--interval %v: want a positive duration", interval)
			}
			ctx, stop := signal.NotifyContext(context.Background(), unix.SIGINT, unix.SIGTERM)
			defer stop()
			enc := json.NewEncoder(os.Stdout)
			emit := func(e events.Event) { _ = enc.Encode(e) }
			if len(args) == 0 {
				if stats {
					return errors.New("events --stats: needs a container ID")
				}
				return events.Watch(ctx, g.Root, emit)
			}
			return wrapID("events", args[0], containerEvents(ctx, g, args[0], stats, interval, emit))
		},
	}
	cmd.Flags().BoolVar(&stats, "stats", false, "print the container's stats once and exit")
	cmd.Flags().DurationVar(&interval, "interval", 5*time.Second, "time between stats objects")
	return cmd
}

func containerEvents(ctx context.Context, g *Globals, id string, once bool, every time.Duration, emit func(events.Event)) error {
	c, err := container.Load(store.Store{Root: g.Root}, id)
	if err != nil {
		return err
	}
	if s := c.Status(); s != container.Running && s != container.Paused && s != container.Created {
		return fmt.Errorf("container is %s", s)
	}
	if !once {
		return events.Stream(ctx, c, every, emit)
	}
	e, err := events.StatsOf(c)
	if err != nil {
		return err
	}
	emit(e)
	return nil
}

// recorded notes a lifecycle event in the journal `cell events` follows
// when err is nil, and returns err. A failure to record fails nothing.
func recorded(g *Globals, typ, id string, err error) error {
	if err == nil {
		_ = events.Record(g.Root, typ, id)
	}
	return err
}

// recordExit journals the exit status of a container whose init this
// process reaped; `cell events` cannot learn it otherwise on kernels
// before 6.15.
func recordExit(g *Globals, id string, status int) { _ = events.RecordExit(g.Root, id, status) }
