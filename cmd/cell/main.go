// Command cell is a container runtime built on Linux namespaces and cgroups.
//
// It speaks runc's command line to engines (containerd, podman, Docker) and
// offers `cell run` to people. main is the only place that prints an error
// and chooses the exit status.
package main

import (
	"os"

	"github.com/cell-runtime/cell/internal/cli"
	_ "github.com/cell-runtime/cell/internal/nsenter" // joins namespaces before the Go runtime starts
)

func main() {
	os.Exit(cli.Main(os.Args))
}
