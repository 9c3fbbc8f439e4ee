package cli

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
)

func init() { register("create", newCreateCmd) }

// createFlags are the flags create and run share.
type createFlags struct {
	bundle, pidFile, consoleSocket string
	noPivot, noNewKeyring          bool
	preserveFDs                    int
}

func (f *createFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.bundle, "bundle", "b", "", "path to the bundle (default: current directory)")
	fl.StringVar(&f.pidFile, "pid-file", "", "write the init's pid to this file")
	fl.StringVar(&f.consoleSocket, "console-socket", "", "unix socket to send the pty master to")
	fl.BoolVar(&f.noPivot, "no-pivot", false, "use chroot instead of pivot_root")
	fl.BoolVar(&f.noNewKeyring, "no-new-keyring", false, "keep the caller's session keyring")
	fl.IntVar(&f.preserveFDs, "preserve-fds", 0, "pass this many fds after stdio into the container")
}

// create creates container id from the flags; with start set it starts it
// too (see container.CreateOptions.Start).
func (f *createFlags) create(g *Globals, id string, io container.IO, start bool) (*container.Container, error) {
	if err := spec.ValidateID(id); err != nil {
		return nil, err
	}
	bundle := f.bundle
	if bundle == "" {
		bundle = "."
	}
	bundle, err := filepath.Abs(bundle)
	if err != nil {
		return nil, err
	}
	s, err := spec.Load(bundle)
	if err != nil {
		return nil, err
	}
	io.ConsoleSocket, io.PreserveFDs, io.ListenFDs = f.consoleSocket, f.preserveFDs, listenFDs()
	return container.Create(store.Store{Root: g.Root}, container.CreateOptions{
		ID: id, Bundle: bundle, Spec: s, IO: io, PidFile: f.pidFile,
		NoPivot: f.noPivot, NoNewKeyring: f.noNewKeyring, Start: start,
	})
}

func newCreateCmd(g *Globals) *cobra.Command {
	var f createFlags
	cmd := &cobra.Command{
		Use:   "create [flags] ID",
		Short: "create a container whose process waits for `cell start`",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := f.create(g, args[0], container.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, false)
			return wrapID("create", args[0], recorded(g, "create", args[0], err))
		},
	}
	f.add(cmd)
	return cmd
}
