package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/cell-runtime/cell/internal/people"
)

// userNamespace applies --userns and --rootless. A user other than root
// always gets a private user namespace (rootless); a bridge network needs
// root.
func (f *runFlags) userNamespace(o *people.Options) error {
	if os.Geteuid() != 0 {
		return rootless(f.userns, o)
	}
	switch {
	case f.userns == "" && !f.rootless, f.userns == "host":
		return nil
	case f.userns == "private" || f.userns == "" && f.rootless:
		var err error
		o.Spec.UIDMap, o.Spec.GIDMap, err = people.IDMaps()
		return err
	}
	return fmt.Errorf("--userns %q: want host or private", f.userns)
}

// rootless sets up `cell run` for a user other than root.
func rootless(userns string, o *people.Options) error {
	if userns != "" && userns != "private" {
		return fmt.Errorf("--userns %s: as a user other than root the container always gets a private user namespace", userns)
	}
	if o.Net == "bridge" || o.Net == "" {
		return errors.New("--net bridge: needs root; rootless containers have --net none (the default), slirp4netns, host or container:NAME")
	}
	var err error
	o.Spec.UIDMap, o.Spec.GIDMap, err = people.IDMaps()
	return err
}

// defaultNet is --net's default: bridge for root, none for other users,
// who may not make a bridge.
func defaultNet() string {
	if os.Geteuid() != 0 {
		return "none"
	}
	return "bridge"
}
