package cli

import (
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/people"
)

func init() {
	register("logs", newLogsCmd)
	register("stop", newStopCmd)
	register("rm", newRmCmd)
	register(people.RelayCommand, newLogRelayCmd)
	register("init-reaper", newInitReaperCmd)
}

func newLogsCmd(g *Globals) *cobra.Command {
	var follow bool
	cmd := &cobra.Command{
		Use:   "logs [-f] NAME",
		Short: "print the output of a detached container",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return wrapID("logs", args[0], people.Logs(g.Root, args[0], follow, os.Stdout))
		},
	}
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new output until the container stops")
	return cmd
}

func newStopCmd(g *Globals) *cobra.Command {
	var secs int
	cmd := &cobra.Command{
		Use:   "stop [-t SECONDS] NAME...",
		Short: "stop containers: SIGTERM, then SIGKILL after a timeout",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, n := range args {
				if err := people.Stop(g.Root, n, time.Duration(secs)*time.Second); err != nil {
					return wrapID("stop", n, err)
				}
			}
			return nil
		},
	}
	cmd.Flags().IntVarP(&secs, "time", "t", 10, "seconds to wait before SIGKILL")
	return cmd
}

func newRmCmd(g *Globals) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "rm [-f] NAME...",
		Short: "remove containers and their files",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, n := range args {
				if err := people.Remove(g.Root, n, force); err != nil {
					return wrapID("rm", n, err)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "kill a running container first")
	return cmd
}

// newLogRelayCmd is the hidden process that keeps a detached container's
// log: `cell log-relay FILE` copies its stdin into FILE. With --exit ID it
// then records the container's exit status (its init's pid comes on fd
// 3); with --rm ID it removes the container once its output has ended.
func newLogRelayCmd(g *Globals) *cobra.Command {
	var rm, exit string
	cmd := &cobra.Command{
		Use: people.RelayCommand + " [--exit ID] [--rm ID] FILE", Hidden: true, Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			relay := func() error { return people.Relay(os.Stdin, args[0]) }
			var err error
			if exit != "" {
				err = people.RecordExitOf(g.Root, exit, os.NewFile(3, "pids"), relay)
			} else {
				err = relay()
			}
			if err != nil || rm == "" {
				return err
			}
			return people.RemoveWhenStopped(g.Root, rm)
		},
	}
	cmd.Flags().StringVar(&rm, "rm", "", "remove this container when its output ends")
	cmd.Flags().StringVar(&exit, "exit", "", "record this container's exit status")
	return cmd
}

// newInitReaperCmd is the hidden PID 1 of `cell run --init`.
func newInitReaperCmd(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use: "init-reaper -- COMMAND [ARG...]", Hidden: true, DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && args[0] == "--" {
				args = args[1:]
			}
			if code := people.Reap(args); code != 0 {
				return &ExitError{Code: code}
			}
			return nil
		},
	}
}

// uptime formats how long ago t was, as docker ps does.
func uptime(t time.Time) string {
	d := time.Since(t).Round(time.Second)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + " seconds"
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + " minutes"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d.Hours())) + " hours"
	}
	return strconv.Itoa(int(d.Hours()/24)) + " days"
}
