package cli

import (
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/store"
)

func init() { register("list", newListCmd) }

// listEntry is one row of `cell list --format json`, as runc prints it.
type listEntry struct {
	ID          string            `json:"id"`
	Pid         int               `json:"pid"`
	Status      string            `json:"status"`
	Bundle      string            `json:"bundle"`
	Rootfs      string            `json:"rootfs"`
	Created     time.Time         `json:"created"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Owner       string            `json:"owner"`
}

func newListCmd(g *Globals) *cobra.Command {
	var format string
	var quiet bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "list containers",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cs, err := container.List(store.Store{Root: g.Root})
			if err != nil {
				return err
			}
			var rows []listEntry
			for _, c := range cs {
				st := c.OCIState()
				rows = append(rows, listEntry{c.ID, st.Pid, string(st.Status), c.Bundle, c.Rootfs, c.Created, c.Annotations, "root"})
			}
			switch {
			case quiet:
				for _, r := range rows {
					fmt.Println(r.ID)
				}
			case format == "json":
				if rows == nil {
					rows = []listEntry{}
				}
				return json.NewEncoder(os.Stdout).Encode(rows)
			case format == "table":
				w := tabwriter.NewWriter(os.Stdout, 12, 1, 3, ' ', 0)
				fmt.Fprintln(w, "ID\tPID\tSTATUS\tBUNDLE\tCREATED\tOWNER")
				for _, r := range rows {
					fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\n", r.ID, r.Pid, r.Status, r.Bundle, r.Created.Format(time.RFC3339Nano), r.Owner)
				}
				return w.Flush()
			default:
				return fmt.Errorf("--format %q: want table or json", format)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only ids")
	return cmd
}
