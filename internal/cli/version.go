package cli

import (
	"fmt"
	"runtime"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/cobra"
)

// version is cell's version; release builds set it with
// -ldflags "-X github.com/cell-runtime/cell/internal/cli.version=V".
var version = "dev"

// setVersion gives the root command runc's --version output, which
// engines show (`podman info` reports the runtime's version from it).
func setVersion(root *cobra.Command) {
	root.Version = version
	root.SetVersionTemplate(fmt.Sprintf("cell version %s\nspec: %s\ngo: %s\n", version, specs.Version, runtime.Version()))
}
