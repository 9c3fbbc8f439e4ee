package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"

	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/store"
)

func init() { register("ps", newPsCmd) }

// newPsCmd is runc's ps: `--format json` prints the container's pids as a
// JSON list; the table format runs the host's ps with the arguments after
// the id (default -ef) and keeps the header and the container's rows. With
// no id at all it lists containers instead, docker's way (listContainers).
func newPsCmd(g *Globals) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "ps [flags] [ID [PS-ARGS...]]",
		Short: "list a container's processes; with no ID, list containers (name, image, status, uptime, ports)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return listContainers(cmd, g)
			}
			id := args[0]
			pids, err := containerPids(g, id)
			if err != nil {
				return wrapID("ps", id, err)
			}
			return wrapID("ps", id, printPs(os.Stdout, format, pids, args[1:]))
		},
	}
	cmd.Flags().SetInterspersed(false)
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	cmd.Flags().BoolP("all", "a", false, "with no ID: include stopped containers")
	return cmd
}

// containerPids lists every process in the container's cgroup.
func containerPids(g *Globals, id string) ([]int, error) {
	c, err := container.Load(store.Store{Root: g.Root}, id)
	if err != nil {
		return nil, err
	}
	cg, err := c.Cgroup()
	if err != nil {
		return nil, err
	}
	pids, err := cg.Pids()
	if err != nil {
		return nil, err
	}
	if pids == nil {
		pids = []int{}
	}
	return pids, nil
}

func printPs(w io.Writer, format string, pids []int, psArgs []string) error {
	switch format {
	case "json":
		return json.NewEncoder(w).Encode(pids)
	case "table":
	default:
		return fmt.Errorf("--format %q: want table or json", format)
	}
	if len(psArgs) == 0 {
		psArgs = []string{"-ef"}
	}
	out, err := exec.Command("ps", psArgs...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("run ps %s: %w: %s", strings.Join(psArgs, " "), err, out)
	}
	return filterPs(w, string(out), pids)
}

// filterPs copies the header of ps output and the rows whose PID column
// holds one of pids.
func filterPs(w io.Writer, out string, pids []int) error {
	lines := strings.Split(out, "\n")
	col := slices.Index(strings.Fields(lines[0]), "PID")
	if col < 0 {
		return errors.New("ps output has no PID column")
	}
	fmt.Fprintln(w, lines[0])
	for _, line := range lines[1:] {
		fields := strings.Fields(line)
		if len(fields) <= col {
			continue
		}
		pid, err := strconv.Atoi(fields[col])
		if err != nil {
			return fmt.Errorf("ps output: pid %q: %w", fields[col], err)
		}
		if slices.Contains(pids, pid) {
			fmt.Fprintln(w, line)
		}
	}
	return nil
}
