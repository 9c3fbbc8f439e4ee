package cli

import (
	"fmt"
	"strconv"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/nstools"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
	"github.com/spf13/cobra"
)

func init() { register("nsenter", newNsenterCmd) }

// fromTarget marks a namespace option given without a file.
const fromTarget = "\x00target"

func newNsenterCmd(g *Globals) *cobra.Command {
	var o nstools.NsenterOptions
	var all bool
	var target string
	files := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "nsenter [options] [PROGRAM [ARGS...]]",
		Short: "run a program in the namespaces of another process or container (like util-linux nsenter)",
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.Target, err = targetPid(g, target); err != nil {
				return err
			}
			o.Enter = map[string]string{}
			if all {
				o.Enter = nstools.AllOf(o.Target)
			}
			for letter, file := range files {
				if cmd.Flags().Changed(cmd.Flags().ShorthandLookup(letter).Name) {
					o.Enter[letter] = trimTarget(*file)
				}
			}
			o.Argv = args
			return exitCode(nstools.Nsenter(nstools.SelfExe, o, nstools.Stdio{}))
		},
	}
	f := cmd.Flags()
	f.SetInterspersed(false)
	f.StringVarP(&target, "target", "t", "", "process (a number: its PID) or container (its ID) whose namespaces are entered")
	for _, k := range nstools.Kinds {
		files[k.Letter] = f.StringP(k.Long, k.Letter, "", "enter the "+k.Long+" namespace (of the target, or FILE)")
		f.Lookup(k.Long).NoOptDefVal = fromTarget
	}
	f.BoolVarP(&all, "all", "a", false, "enter every namespace of the target that differs from ours")
	f.BoolVar(&o.PreserveCredentials, "preserve-credentials", false, "keep uid and gid after entering a user namespace")
	return cmd
}

// targetPid resolves --target: "" is no target (0), a number is a pid as
// in util-linux, anything else is the id of a container in the state root,
// which must have a live init.
func targetPid(g *Globals, target string) (int, error) {
	if target == "" {
		return 0, nil
	}
	if pid, err := strconv.Atoi(target); err == nil {
		if pid <= 0 {
			return 0, fmt.Errorf("nsenter: --target: invalid pid %d", pid)
		}
		return pid, nil
	}
	if err := spec.ValidateID(target); err != nil {
		return 0, fmt.Errorf("nsenter: --target: %w", err)
	}
	c, err := container.Load(store.Store{Root: g.Root}, target)
	if err != nil {
		return 0, fmt.Errorf("nsenter: --target: %w", err)
	}
	if st := c.Status(); st == container.Stopped || st == container.Creating || c.Pid <= 0 {
		return 0, fmt.Errorf("nsenter: --target: container %s is %s", target, st)
	}
	return c.Pid, nil
}

func trimTarget(file string) string {
	if file == fromTarget {
		return ""
	}
	return file
}
