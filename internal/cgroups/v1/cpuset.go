package v1

import (
	"fmt"
	"path/filepath"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SetCpuset writes linux.resources.cpu.cpus and .mems into dir.
func SetCpuset(dir string, c *specs.LinuxCPU) error {
	if c == nil {
		return nil
	}
	if c.Cpus != "" {
		if err := writeField(dir, "linux.resources.cpu.cpus", "cpuset.cpus", c.Cpus); err != nil {
			return err
		}
	}
	if c.Mems != "" {
		return writeField(dir, "linux.resources.cpu.mems", "cpuset.mems", c.Mems)
	}
	return nil
}

// initCpuset fills the empty cpuset.cpus and cpuset.mems of dir and of its
// ancestors from the nearest ancestor that has them, top down, as v1 will
// not let a task into a cpuset without both.
func initCpuset(dir string) error {
	for _, file := range []string{"cpuset.cpus", "cpuset.mems"} {
		if _, err := inheritCpuset(dir, file); err != nil {
			return fmt.Errorf("init cpuset %s: %w", dir, err)
		}
	}
	return nil
}

// inheritCpuset fills file of dir, when empty, from the nearest non-empty
// ancestor, and returns its value.
func inheritCpuset(dir, file string) (string, error) {
	v, err := cgfile.Read(dir, file)
	if err != nil || v != "" {
		return v, err
	}
	parent := filepath.Dir(dir)
	if parent == dir || !cgfile.Exists(parent, file) {
		return "", fmt.Errorf("no ancestor has %s", file)
	}
	pv, err := inheritCpuset(parent, file)
	if err != nil {
		return "", err
	}
	return pv, cgfile.Write(dir, file, pv)
}
