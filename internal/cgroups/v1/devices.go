package v1

import (
	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/devices"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetDevices replaces the group's device list with rules: "a" is written
// to devices.deny, then each rule, in order, to devices.allow or
// devices.deny. A nil list changes nothing.
//
// The v1 kernel list has exceptions, not ordered rules: a deny that does
// not exactly match an earlier allow in a default-deny list has no effect.
// Between the first write and the last, the group briefly allows less.
func SetDevices(dir string, rules []specs.LinuxDeviceCgroup) error {
	if rules == nil {
		return nil
	}
	lines, err := devices.V1Lines(rules)
	if err != nil {
		return cgfile.FieldErr("linux.resources.devices", err)
	}
	if err := cgfile.Write(dir, "devices.deny", "a"); err != nil {
		return cgfile.FieldErr("linux.resources.devices", err)
	}
	for i, l := range lines {
		if i == 0 && !l.Allow && l.Rule == "a" {
			continue // the usual first rule, just written
		}
		file := "devices.deny"
		if l.Allow {
			file = "devices.allow"
		}
		if err := cgfile.Write(dir, file, l.Rule); err != nil {
			return cgfile.FieldErr("linux.resources.devices", err)
		}
	}
	return nil
}
