package cli

import (
	"github.com/cell-runtime/cell/internal/nstools"
	"github.com/spf13/cobra"
)

func init() { register(newNsenterCmd) }

// fromTarget marks a namespace option given without a file.
const fromTarget = "\x00target"

func newNsenterCmd(g *Globals) *cobra.Command {
	var o nstools.NsenterOptions
	var all bool
	files := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "nsenter [options] [PROGRAM [ARGS...]]",
		Short: "run a program in the namespaces of another process (like util-linux nsenter)",
		RunE: func(cmd *cobra.Command, args []string) error {
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
	f.IntVarP(&o.Target, "target", "t", 0, "process whose namespaces are entered")
	for _, k := range nstools.Kinds {
		files[k.Letter] = f.StringP(k.Long, k.Letter, "", "enter the "+k.Long+" namespace (of the target, or FILE)")
		f.Lookup(k.Long).NoOptDefVal = fromTarget
	}
	f.BoolVarP(&all, "all", "a", false, "enter every namespace of the target that differs from ours")
	f.BoolVar(&o.PreserveCredentials, "preserve-credentials", false, "keep uid and gid after entering a user namespace")
	return cmd
}

func trimTarget(file string) string {
	if file == fromTarget {
		return ""
	}
	return file
}
