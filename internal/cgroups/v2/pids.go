package v2

import (
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetPids writes pids.max; a limit <= 0 means "max".
func SetPids(dir string, p *specs.LinuxPids) error {
	if p == nil || p.Limit == nil {
		return nil
	}
	v := "max"
	if *p.Limit > 0 {
		v = strconv.FormatInt(*p.Limit, 10)
	}
	return write(dir, "linux.resources.pids.limit", "pids.max", v)
}
