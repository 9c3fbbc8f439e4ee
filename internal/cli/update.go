package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	json "github.com/go-json-experiment/json/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cell-runtime/cell/internal/container"
)

func init() { register("update", newUpdateCmd) }

// resourcesHelp says what -r reads, as runc's help does.
const resourcesHelp = "read a linux.resources JSON object from `FILE`, or from standard input with \"-\"\n" +
	"(what containerd sends); unchanged values may be left out, e.g.\n" +
	`{"memory": {"limit": 67108864}, "cpu": {"quota": 50000, "period": 100000}, "pids": {"limit": 64}}`

func newUpdateCmd(g *Globals) *cobra.Command {
	var resources string
	cmd := &cobra.Command{
		Use:   "update [flags] ID",
		Short: "change the resource limits of a running container",
		Long: "update changes a created, running or paused container's cgroup limits and records them in its state.\n" +
			"Sizes take runc's forms (1024, 64m, 1.5g, 512MiB); -1 means no limit. A value the kernel refuses\n" +
			"leaves every limit as it was.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := updateResources(g, cmd.Flags(), resources, cmd.InOrStdin())
			if err != nil {
				return wrapID("update", args[0], err)
			}
			return withLocked(g, "update", args[0], func(c *container.Container) error { return c.Update(r) })
		},
	}
	cmd.Flags().StringVarP(&resources, "resources", "r", "", resourcesHelp)
	addUpdateFlags(cmd.Flags())
	return cmd
}

// updateResources reads -r, or builds the resources from the other flags.
func updateResources(g *Globals, fs *pflag.FlagSet, resources string, stdin io.Reader) (*specs.LinuxResources, error) {
	if resources == "" {
		r, err := flagResources(fs)
		if err != nil {
			return nil, err
		}
		warnKernelMemory(g, fs, r)
		return r, nil
	}
	var others []string
	for _, f := range updateFlags {
		if fs.Changed(f.name) {
			others = append(others, "--"+f.name)
		}
	}
	if len(others) > 0 {
		return nil, fmt.Errorf("--resources cannot be combined with %v", others)
	}
	r, err := readResources(resources, stdin)
	if err != nil {
		return nil, err
	}
	warnKernelMemory(g, fs, r)
	return r, nil
}

// readResources decodes a linux.resources object from path ("-": stdin).
func readResources(path string, stdin io.Reader) (*specs.LinuxResources, error) {
	in := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("--resources: %w", err)
		}
		defer f.Close()
		in = f
	}
	r := &specs.LinuxResources{}
	if err := json.NewDecoder(in).Decode(r); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("--resources: no JSON object given")
		}
		return nil, fmt.Errorf("--resources: decode linux.resources JSON: %w", err)
	}
	return r, nil
}

// warnKernelMemory says that kernel memory limits are ignored, as runc
// does: the kernel deprecated them (v1) or never had them (v2).
func warnKernelMemory(g *Globals, fs *pflag.FlagSet, r *specs.LinuxResources) {
	for _, name := range []string{"kernel-memory", "kernel-memory-tcp"} {
		if fs.Changed(name) && g.log != nil {
			g.log.line("warning", "--"+name+" is ignored: kernel memory limits are obsolete")
		}
	}
	//nolint:staticcheck // the deprecated field is what we look for
	if m := r.Memory; m != nil && (m.Kernel != nil || m.KernelTCP != nil) && g.log != nil {
		g.log.line("warning", "memory.kernel and memory.kernelTCP are ignored: kernel memory limits are obsolete")
	}
}
