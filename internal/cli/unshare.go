package cli

import (
	"os"

	"github.com/cell-runtime/cell/internal/nstools"
	"github.com/spf13/cobra"
)

func init() {
	register("unshare", newUnshareCmd)
	register(nstools.ChildCommand, newNstoolsChildCmd)
}

func newUnshareCmd(g *Globals) *cobra.Command {
	var o nstools.UnshareOptions
	kinds := map[string]*bool{}
	cmd := &cobra.Command{
		Use:   "unshare [options] [PROGRAM [ARGS...]]",
		Short: "run a program in new namespaces (like util-linux unshare; -p always forks)",
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, k := range nstools.Kinds {
				if *kinds[k.Letter] {
					o.Flags |= k.Flag
				}
			}
			o.Argv = args
			return exitCode(nstools.Unshare(nstools.SelfExe, o, nstools.Stdio{}))
		},
	}
	f := cmd.Flags()
	f.SetInterspersed(false)
	for _, k := range nstools.Kinds {
		kinds[k.Letter] = f.BoolP(k.Long, k.Letter, false, "new "+k.Long+" namespace")
	}
	f.BoolVarP(&o.Fork, "fork", "f", false, "fork before running the program")
	f.StringVar(&o.MountProc, "mount-proc", "", "mount proc at DIR (default /proc); implies --mount")
	f.Lookup("mount-proc").NoOptDefVal = "/proc"
	f.BoolVarP(&o.MapRootUser, "map-root-user", "r", false, "map the current user to root; implies --user")
	f.StringVar(&o.Propagation, "propagation", "private", "propagation of / in a new mount namespace: private, shared, slave, unchanged")
	return cmd
}

// newNstoolsChildCmd is the hidden re-executed side of unshare and nsenter.
func newNstoolsChildCmd(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use:                nstools.ChildCommand,
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return nstools.Child(args)
		},
	}
}

// exitCode turns a program's exit status into the command's result.
func exitCode(code int, err error) error {
	if err != nil {
		return err
	}
	if code != 0 {
		os.Stdout.Sync()
		return &ExitError{Code: code}
	}
	return nil
}
