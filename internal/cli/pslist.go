package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/people"
	json "github.com/go-json-experiment/json/v1"
)

// psList writes the containers under g.Root to w, running ones only
// unless all.
func psList(g *Globals, w io.Writer, all bool, format string) error {
	es, err := people.List(g.Root)
	if err != nil {
		return err
	}
	var rows []people.Entry
	for _, e := range es {
		if all || e.Status != container.Stopped {
			rows = append(rows, e)
		}
	}
	switch format {
	case "json":
		if rows == nil {
			rows = []people.Entry{}
		}
		return json.NewEncoder(w).Encode(rows)
	case "table":
		return psTable(w, rows)
	}
	return fmt.Errorf("--format %q: want table or json", format)
}

func psTable(w io.Writer, rows []people.Entry) error {
	tw := tabwriter.NewWriter(w, 4, 1, 3, ' ', 0)
	fmt.Fprintln(tw, "CONTAINER ID\tNAME\tIMAGE\tCOMMAND\tSTATUS\tPORTS")
	for _, e := range rows {
		status := string(e.Status)
		if e.Exit != nil {
			status = fmt.Sprintf("Exited (%d) %s ago", e.Exit.Code, uptime(e.Exit.At))
		}
		if e.Status == container.Running || e.Status == container.Paused {
			status = "Up " + uptime(e.Created)
			if e.Status == container.Paused {
				status += " (paused)"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%q\t%s\t%s\n", e.ID, e.Name, e.Image, shortCommand(e.Command), status, e.Ports)
	}
	return tw.Flush()
}

func shortCommand(args []string) string {
	s := strings.Join(args, " ")
	if len(s) > 30 {
		s = s[:29] + "…"
	}
	return s
}
