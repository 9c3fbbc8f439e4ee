package v1

import (
	"strconv"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetPids writes linux.resources.pids.limit; zero or negative means no limit.
func SetPids(dir string, p *specs.LinuxPids) error {
	if p == nil || p.Limit == nil {
		return nil
	}
	return writeField(dir, "linux.resources.pids.limit", "pids.max", PidsValue(*p.Limit))
}

// PidsValue is the pids.max text for a spec limit (same in v1 and v2).
func PidsValue(limit int64) string {
	if limit <= 0 {
		return "max"
	}
	return strconv.FormatInt(limit, 10)
}

// pidsStats reads pids.current and pids.max ("max" reads as 0).
func pidsStats(dir string, s *stats.Stats) error {
	cur, err := cgfile.ReadUint(dir, "pids.current")
	if err != nil {
		return err
	}
	limit, err := cgfile.ReadUint(dir, "pids.max")
	if err != nil {
		return err
	}
	if limit == cgfile.Max {
		limit = 0
	}
	s.Pids = stats.Pids{Current: cur, Limit: limit}
	return nil
}
