package v2

import specs "github.com/opencontainers/runtime-spec/specs-go"

// SetCpuset writes linux.resources.cpu.cpus and .mems.
func SetCpuset(dir string, c *specs.LinuxCPU) error {
	if c == nil {
		return nil
	}
	if c.Cpus != "" {
		if err := write(dir, cpuField+"cpus", "cpuset.cpus", c.Cpus); err != nil {
			return err
		}
	}
	if c.Mems != "" {
		return write(dir, cpuField+"mems", "cpuset.mems", c.Mems)
	}
	return nil
}
