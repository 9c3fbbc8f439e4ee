package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
)

func init() { register(newUpdateCmd) }

// newUpdateCmd is runc's update as engines call it: `update --resources -
// ID` with the OCI linux.resources as JSON on stdin (docker update, ctr
// task update, the CRI's UpdateContainerResources). runc's per-limit flags
// are not offered.
func newUpdateCmd(g *Globals) *cobra.Command {
	var resources string
	cmd := &cobra.Command{
		Use:   "update --resources FILE|- ID",
		Short: "change the cgroup limits of a running container",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := readResources(resources, cmd.InOrStdin())
			if err != nil {
				return wrapID("update", args[0], err)
			}
			return withLocked(g, "update", args[0], func(c *container.Container) error { return c.Update(r) })
		},
	}
	cmd.Flags().StringVarP(&resources, "resources", "r", "", "JSON file of linux.resources to apply (- for stdin)")
	return cmd
}

// readResources decodes linux.resources JSON from path, or from stdin when
// path is "-".
func readResources(path string, stdin io.Reader) (*specs.LinuxResources, error) {
	var r io.Reader
	switch path {
	case "":
		return nil, errors.New("--resources: give a JSON file of linux.resources, or - for stdin")
	case "-":
		r = stdin
	default:
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("--resources: %w", err)
		}
		defer f.Close()
		r = f
	}
	var res specs.LinuxResources
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return nil, fmt.Errorf("--resources %s: malformed JSON: %w", path, err)
	}
	return &res, nil
}
