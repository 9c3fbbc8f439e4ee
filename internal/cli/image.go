package cli

import (
	"fmt"
	"os"
	"text/tabwriter"

	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/image"
)

func init() { register("image", newImageCmd) }

func newImageCmd(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "image",
		Short: "import, list and remove images (stored in $CELL_IMAGES, default /var/lib/cell/images)",
	}
	cmd.AddCommand(newImageImportCmd(), newImageLsCmd(), newImageRmCmd())
	return cmd
}

func openImages() (*image.Store, error) { return image.Open(imageRoot()) }

func newImageImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE|DIR [NAME]",
		Short: "import an OCI layout, OCI archive or docker save archive",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openImages()
			if err != nil {
				return err
			}
			name := ""
			if len(args) == 2 {
				name = args[1]
			}
			img, err := st.Import(args[0], name)
			if err != nil {
				return fmt.Errorf("image import %s: %w", args[0], err)
			}
			fmt.Println(img.Name)
			return nil
		},
	}
}

func newImageLsCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   "list imported images",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openImages()
			if err != nil {
				return err
			}
			imgs, err := st.List()
			if err != nil {
				return err
			}
			if format == "json" {
				if imgs == nil {
					imgs = []image.Image{}
				}
				return json.NewEncoder(os.Stdout).Encode(imgs)
			}
			w := tabwriter.NewWriter(os.Stdout, 4, 1, 3, ' ', 0)
			fmt.Fprintln(w, "NAME\tID\tLAYERS\tSIZE")
			for _, img := range imgs {
				fmt.Fprintf(w, "%s\t%.19s\t%d\t%s\n", img.Name, img.ID, len(img.DiffIDs), humanSize(img.Size))
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	return cmd
}

func newImageRmCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rm NAME...",
		Short: "remove images and the layers no other image uses",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openImages()
			if err != nil {
				return err
			}
			for _, n := range args {
				if err := st.Remove(n); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// humanSize formats a byte count as docker does (1.5MB).
func humanSize(n int64) string {
	units := []string{"B", "kB", "MB", "GB", "TB"}
	f, i := float64(n), 0
	for f >= 1000 && i < len(units)-1 {
		f, i = f/1000, i+1
	}
	return fmt.Sprintf("%.3g%s", f, units[i])
}
