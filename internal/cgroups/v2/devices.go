package v2

import (
	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/devices"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetDevices replaces the group's device program with one built from
// rules. A nil list changes nothing.
func SetDevices(dir string, rules []specs.LinuxDeviceCgroup) error {
	if rules == nil {
		return nil
	}
	return cgfile.FieldErr("linux.resources.devices", devices.Attach(dir, rules))
}
