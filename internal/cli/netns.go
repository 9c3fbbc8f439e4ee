package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/spf13/cobra"
)

func init() {
	register("netns", newNetnsCmd)
	register(netns.ChildCommand, newNetnsChildCmd)
}

func newNetnsCmd(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "netns",
		Short: "manage named network namespaces (the ones `ip netns` uses)",
	}
	var force bool
	del := &cobra.Command{
		Use: "delete NAME...", Aliases: []string{"del"}, Short: "delete network namespaces",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, n := range args {
				if err := netns.Delete(n, force); err != nil {
					return err
				}
			}
			return nil
		},
	}
	del.Flags().BoolVarP(&force, "force", "f", false, "delete even when processes still run inside")
	cmd.AddCommand(&cobra.Command{
		Use: "add NAME", Short: "create a network namespace", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return netns.Add(args[0]) },
	}, del, &cobra.Command{
		Use: "list", Aliases: []string{"ls", "show"}, Short: "list network namespaces", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return printNetnsList(cmd.OutOrStdout()) },
	}, netnsExecCmd(), netnsIdentifyCmd(), &cobra.Command{
		Use: "pids NAME", Short: "list the processes in a network namespace", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pids, err := netns.Pids(args[0])
			for _, p := range pids {
				fmt.Fprintln(cmd.OutOrStdout(), p)
			}
			return err
		},
	}, &cobra.Command{
		Use: "set NAME ID|auto", Short: "assign a namespace id (nsid)", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := netns.AutoID
			if args[1] != "auto" {
				n, err := strconv.Atoi(args[1])
				if err != nil || n < 0 {
					return fmt.Errorf("netns set: invalid id %q", args[1])
				}
				id = n
			}
			return netns.SetID(args[0], id)
		},
	})
	return cmd
}

// printNetnsList prints names as `ip netns list` does, with the nsid when
// one is assigned.
func printNetnsList(out io.Writer) error {
	names, err := netns.List()
	if err != nil {
		return err
	}
	for _, n := range names {
		if id, err := netns.ID(n); err == nil && id >= 0 {
			fmt.Fprintf(out, "%s (id: %d)\n", n, id)
			continue
		}
		fmt.Fprintln(out, n)
	}
	return nil
}

func netnsExecCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use: "exec NAME CMD [ARGS...]", Short: "run a command inside a network namespace",
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := netns.Command("/proc/self/exe", args[0], args[1:])
			if err != nil {
				return err
			}
			if err := c.Start(); err != nil {
				return fmt.Errorf("netns exec: %w", err)
			}
			err = c.Wait()
			if code := c.ProcessState.ExitCode(); code != 0 {
				return &ExitError{Code: code}
			}
			return err
		},
	}
	cmd.Flags().SetInterspersed(false)
	return cmd
}

func netnsIdentifyCmd() *cobra.Command {
	return &cobra.Command{
		Use: "identify [PID]", Short: "print the names of a process's network namespace", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pid := os.Getpid()
			if len(args) == 1 {
				n, err := strconv.Atoi(args[0])
				if err != nil {
					return fmt.Errorf("netns identify: invalid pid %q", args[0])
				}
				pid = n
			}
			names, err := netns.Identify(pid)
			for _, n := range names {
				fmt.Fprintln(cmd.OutOrStdout(), n)
			}
			return err
		},
	}
}

// newNetnsChildCmd is the hidden re-executed side of `netns exec`.
func newNetnsChildCmd(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use: netns.ChildCommand, Hidden: true, DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return netns.ExecChild(os.Stderr, args)
		},
	}
}
