package v1

import (
	"fmt"
	"os"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetHugetlb writes each linux.resources.hugepageLimits entry to
// hugetlb.<size>.limit_in_bytes (and the reservation limit when present).
func SetHugetlb(dir string, limits []specs.LinuxHugepageLimit) error {
	for _, l := range limits {
		field := fmt.Sprintf("linux.resources.hugepageLimits[%s]", l.Pagesize)
		file := "hugetlb." + l.Pagesize + ".limit_in_bytes"
		if !cgfile.Exists(dir, file) {
			return cgfile.Fieldf(field, "page size %q is not supported by the host (%s missing)", l.Pagesize, file)
		}
		v := fmt.Sprint(l.Limit)
		if err := cgfile.Write(dir, file, v); err != nil {
			return cgfile.FieldErr(field, err)
		}
		rsvd := "hugetlb." + l.Pagesize + ".rsvd.limit_in_bytes"
		if cgfile.Exists(dir, rsvd) {
			if err := cgfile.Write(dir, rsvd, v); err != nil {
				return cgfile.FieldErr(field, err)
			}
		}
	}
	return nil
}

// hugetlbStats reads usage, maximum usage and failcnt for every page size.
func hugetlbStats(dir string, s *stats.Stats) error {
	sizes, err := pageSizes(dir)
	if err != nil {
		return err
	}
	for _, size := range sizes {
		var h stats.Hugetlb
		p := "hugetlb." + size
		h.Usage, _ = cgfile.ReadUint(dir, p+".usage_in_bytes")
		h.Max, _ = cgfile.ReadUint(dir, p+".max_usage_in_bytes")
		h.Failcnt, _ = cgfile.ReadUint(dir, p+".failcnt")
		if s.Hugetlb == nil {
			s.Hugetlb = make(map[string]stats.Hugetlb)
		}
		s.Hugetlb[size] = h
	}
	return nil
}

// pageSizes lists the page sizes named by hugetlb.<size>.limit_in_bytes.
func pageSizes(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list hugetlb files: %w", err)
	}
	var sizes []string
	for _, e := range ents {
		n := e.Name()
		if rest, ok := strings.CutPrefix(n, "hugetlb."); ok {
			if size, ok := strings.CutSuffix(rest, ".limit_in_bytes"); ok && !strings.Contains(size, ".") {
				sizes = append(sizes, size)
			}
		}
	}
	return sizes, nil
}
