package v1

import (
	"fmt"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetNetCls writes linux.resources.network.classID to net_cls.classid.
func SetNetCls(dir string, n *specs.LinuxNetwork) error {
	if n == nil || n.ClassID == nil {
		return nil
	}
	return writeField(dir, "linux.resources.network.classID", "net_cls.classid", fmt.Sprint(*n.ClassID))
}

// SetNetPrio writes each linux.resources.network.priorities entry to
// net_prio.ifpriomap, one "interface priority" line per write.
func SetNetPrio(dir string, n *specs.LinuxNetwork) error {
	if n == nil {
		return nil
	}
	for _, p := range n.Priorities {
		line := fmt.Sprintf("%s %d", p.Name, p.Priority)
		if err := writeField(dir, "linux.resources.network.priorities", "net_prio.ifpriomap", line); err != nil {
			return err
		}
	}
	return nil
}

// NetClassID reads net_cls.classid (for tests and `cell stats`).
func NetClassID(dir string) (uint64, error) {
	return cgfile.ReadUint(dir, "net_cls.classid")
}
