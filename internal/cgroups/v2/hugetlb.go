package v2

import (
	"fmt"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetHugetlb writes hugetlb.<size>.max, and hugetlb.<size>.rsvd.max when
// the kernel has reservation accounting, for each limit.
func SetHugetlb(dir string, limits []specs.LinuxHugepageLimit) error {
	for _, l := range limits {
		field := fmt.Sprintf("linux.resources.hugepageLimits[%s]", l.Pagesize)
		file := "hugetlb." + l.Pagesize + ".max"
		if !cgfile.Exists(dir, file) {
			return cgfile.Fieldf(field, "page size %q is not supported by the host (%s missing)", l.Pagesize, file)
		}
		v := fmt.Sprint(l.Limit)
		if err := cgfile.Write(dir, file, v); err != nil {
			return cgfile.FieldErr(field, err)
		}
		rsvd := "hugetlb." + l.Pagesize + ".rsvd.max"
		if cgfile.Exists(dir, rsvd) {
			if err := cgfile.Write(dir, rsvd, v); err != nil {
				return cgfile.FieldErr(field, err)
			}
		}
	}
	return nil
}
