package cli

import (
	"fmt"
	"os"
	"path/filepath"

	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/spec"
)

func init() { register("spec", newSpecCmd) }

func newSpecCmd(g *Globals) *cobra.Command {
	var bundle string
	var rootless bool
	cmd := &cobra.Command{
		Use:   "spec",
		Short: "write a default config.json into the bundle",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := spec.Default()
			s.Process.Terminal = true
			if rootless {
				spec.Rootless(s, uint32(os.Geteuid()), uint32(os.Getegid()))
			}
			path := filepath.Join(bundle, spec.ConfigName)
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if err != nil {
				return fmt.Errorf("spec: %w", err)
			}
			defer f.Close()
			enc := json.NewEncoder(f)
			enc.SetIndent("", "\t")
			if err := enc.Encode(s); err != nil {
				return fmt.Errorf("spec: write %s: %w", path, err)
			}
			return f.Close()
		},
	}
	cmd.Flags().StringVarP(&bundle, "bundle", "b", ".", "bundle directory to write config.json into")
	cmd.Flags().BoolVar(&rootless, "rootless", false, "a spec for a container run without root")
	return cmd
}
