// Command mkbundle writes a test OCI bundle: DIR/rootfs from testrootfs and
// DIR/config.json from testrootfs.DefaultSpec, with the process arguments
// replaced by ARGS when given. Run it from inside the repository:
//
//	go run ./tests/testrootfs/cmd/mkbundle [-oci-version V] DIR [ARGS...]
//
// -oci-version overrides ociVersion in config.json: crun 1.8 rejects any
// version but 1.0.x, so benchmarks comparing with it pass 1.0.2.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

func main() {
	version := flag.String("oci-version", "", "ociVersion to write (default: the runtime-spec module's)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: mkbundle [-oci-version V] DIR [ARGS...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 1 {
		flag.Usage()
		os.Exit(2)
	}
	spec := testrootfs.DefaultSpec()
	if *version != "" {
		spec.Version = *version
	}
	if flag.NArg() > 1 {
		spec.Process.Args = flag.Args()[1:]
	}
	if err := testrootfs.WriteBundle(flag.Arg(0), spec); err != nil {
		fmt.Fprintf(os.Stderr, "mkbundle: %v\n", err)
		os.Exit(1)
	}
}
