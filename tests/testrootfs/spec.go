package testrootfs

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/spec"
)

// DefaultCaps is Docker's default capability set, as spec.Default grants it.
var DefaultCaps = spec.DefaultCaps

// DefaultSpec returns `cell spec`'s default (spec.Default) for the test root
// filesystem: the process is "/bin/payload true". Every call returns a new
// value the caller may change.
func DefaultSpec() *specs.Spec {
	s := spec.Default()
	s.Process.Args = []string{"/bin/payload", "true"}
	return s
}
