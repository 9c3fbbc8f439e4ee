package v1

import (
	"strconv"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

const memField = "linux.resources.memory."

// SetMemory writes linux.resources.memory into dir. Swap keeps the v1
// meaning, memory plus swap (memory.memsw.limit_in_bytes). -1 means no limit.
func SetMemory(dir string, m *specs.LinuxMemory) error {
	if m == nil {
		return nil
	}
	if err := checkUsage(dir, m); err != nil {
		return err
	}
	if err := setLimitAndSwap(dir, m.Limit, m.Swap); err != nil {
		return err
	}
	if m.Reservation != nil {
		if err := writeField(dir, memField+"reservation", "memory.soft_limit_in_bytes", itoa(*m.Reservation)); err != nil {
			return err
		}
	}
	if err := setKernel(dir, m); err != nil {
		return err
	}
	if err := setSwappiness(dir, m.Swappiness); err != nil {
		return err
	}
	if m.DisableOOMKiller != nil {
		v := "0"
		if *m.DisableOOMKiller {
			v = "1"
		}
		return writeField(dir, memField+"disableOOMKiller", "memory.oom_control", v)
	}
	return nil
}

// checkUsage refuses, when checkBeforeUpdate is set, a limit below what the
// group already uses.
func checkUsage(dir string, m *specs.LinuxMemory) error {
	if m.CheckBeforeUpdate == nil || !*m.CheckBeforeUpdate || m.Limit == nil || *m.Limit <= 0 {
		return nil
	}
	usage, err := cgfile.ReadUint(dir, "memory.usage_in_bytes")
	if err != nil {
		return cgfile.FieldErr(memField+"limit", err)
	}
	if uint64(*m.Limit) < usage {
		return cgfile.Fieldf(memField+"limit", "limit %d is below current usage %d (checkBeforeUpdate)", *m.Limit, usage)
	}
	return nil
}

// setLimitAndSwap writes the memory and memory+swap limits. The kernel
// wants memsw >= limit at every moment, so when the first order fails the
// other is tried.
func setLimitAndSwap(dir string, limit, swap *int64) error {
	if swap != nil && *swap != 0 && !cgfile.Exists(dir, "memory.memsw.limit_in_bytes") {
		return cgfile.Fieldf(memField+"swap", "the host has no swap accounting (memory.memsw.limit_in_bytes missing)")
	}
	writeLimit := func() error {
		if limit == nil || *limit == 0 {
			return nil
		}
		return writeField(dir, memField+"limit", "memory.limit_in_bytes", itoa(*limit))
	}
	if swap == nil || *swap == 0 {
		return writeLimit()
	}
	writeSwap := func() error {
		return writeField(dir, memField+"swap", "memory.memsw.limit_in_bytes", itoa(*swap))
	}
	if err := writeLimit(); err != nil {
		if serr := writeSwap(); serr != nil {
			return err
		}
		return writeLimit()
	}
	return writeSwap()
}

// setKernel writes the deprecated kernel and kernelTCP limits, if given.
func setKernel(dir string, m *specs.LinuxMemory) error {
	//nolint:staticcheck // deprecated in the spec, still honoured on v1
	if m.Kernel != nil {
		if err := writeField(dir, memField+"kernel", "memory.kmem.limit_in_bytes", itoa(*m.Kernel)); err != nil {
			return err
		}
	}
	if m.KernelTCP != nil {
		return writeField(dir, memField+"kernelTCP", "memory.kmem.tcp.limit_in_bytes", itoa(*m.KernelTCP))
	}
	return nil
}

// setSwappiness writes memory.swappiness (0-100).
func setSwappiness(dir string, v *uint64) error {
	if v == nil {
		return nil
	}
	if *v > 100 {
		return cgfile.Fieldf(memField+"swappiness", "%d is out of range 0-100", *v)
	}
	return writeField(dir, memField+"swappiness", "memory.swappiness", strconv.FormatUint(*v, 10))
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
