package v2

import (
	"errors"
	"strconv"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

const memField = "linux.resources.memory."

// SetMemory writes memory.max (limit), memory.low (reservation) and
// memory.swap.max (swap minus limit: the spec's swap is memory+swap).
// Swappiness, disableOOMKiller and the kernel limits have no v2 file and
// are errors when set.
func SetMemory(dir string, m *specs.LinuxMemory) error {
	if m == nil {
		return nil
	}
	if err := unsupportedMemory(m); err != nil {
		return err
	}
	if err := checkUsage(dir, m); err != nil {
		return err
	}
	swap, err := SwapMax(m.Limit, m.Swap)
	if err != nil {
		return &cgfile.FieldError{Field: memField + "swap", Reason: "invalid", Err: err}
	}
	if swap != "" {
		if !cgfile.Exists(dir, "memory.swap.max") {
			return cgfile.Fieldf(memField+"swap", "the host has no swap accounting (memory.swap.max missing)")
		}
		if err := write(dir, memField+"swap", "memory.swap.max", swap); err != nil {
			return err
		}
	}
	if m.Limit != nil && *m.Limit != 0 {
		if err := write(dir, memField+"limit", "memory.max", maxValue(*m.Limit)); err != nil {
			return err
		}
	}
	if m.Reservation != nil && *m.Reservation != 0 {
		return write(dir, memField+"reservation", "memory.low", maxValue(*m.Reservation))
	}
	return nil
}

// unsupportedMemory rejects the v1-only memory fields.
func unsupportedMemory(m *specs.LinuxMemory) error {
	switch {
	case m.Swappiness != nil:
		return cgfile.Fieldf(memField+"swappiness", "cgroup v2 has no per-group swappiness")
	case m.DisableOOMKiller != nil && *m.DisableOOMKiller:
		return cgfile.Fieldf(memField+"disableOOMKiller", "cgroup v2 cannot disable the OOM killer")
	case m.Kernel != nil: //nolint:staticcheck // deprecated field, still checked
		return cgfile.Fieldf(memField+"kernel", "cgroup v2 has no separate kernel memory limit")
	case m.KernelTCP != nil:
		return cgfile.Fieldf(memField+"kernelTCP", "cgroup v2 has no separate kernel TCP memory limit")
	}
	return nil
}

// checkUsage refuses, with checkBeforeUpdate, a limit below memory.current.
func checkUsage(dir string, m *specs.LinuxMemory) error {
	if m.CheckBeforeUpdate == nil || !*m.CheckBeforeUpdate || m.Limit == nil || *m.Limit <= 0 {
		return nil
	}
	usage, err := cgfile.ReadUint(dir, "memory.current")
	if err != nil {
		return cgfile.FieldErr(memField+"limit", err)
	}
	if uint64(*m.Limit) < usage {
		return cgfile.Fieldf(memField+"limit", "limit %d is below current usage %d (checkBeforeUpdate)", *m.Limit, usage)
	}
	return nil
}

// SwapMax converts the spec's memory+swap limit into memory.swap.max text.
// "" means leave the file alone; -1 anywhere means "max".
func SwapMax(limit, swap *int64) (string, error) {
	if swap == nil || *swap == 0 {
		return "", nil
	}
	if *swap == -1 {
		return "max", nil
	}
	if limit == nil || *limit == 0 || *limit == -1 {
		return "", errors.New("a swap limit needs a memory limit")
	}
	if *swap < *limit {
		return "", errors.New("memory+swap limit must be at least the memory limit")
	}
	return strconv.FormatInt(*swap-*limit, 10), nil
}

// maxValue formats a byte count; negative means "max".
func maxValue(v int64) string {
	if v < 0 {
		return "max"
	}
	return strconv.FormatInt(v, 10)
}
