package v2

import (
	"strconv"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

const cpuField = "linux.resources.cpu."

// SetCPU writes the cpu controller part of c: weight (from shares),
// cpu.max, cpu.max.burst and cpu.idle. v2 has no realtime group budget, so
// a non-zero realtime value is an error.
func SetCPU(dir string, c *specs.LinuxCPU) error {
	if c == nil {
		return nil
	}
	if c.RealtimeRuntime != nil && *c.RealtimeRuntime != 0 {
		return cgfile.Fieldf(cpuField+"realtimeRuntime", "cgroup v2 has no realtime CPU budget")
	}
	if c.RealtimePeriod != nil && *c.RealtimePeriod != 0 {
		return cgfile.Fieldf(cpuField+"realtimePeriod", "cgroup v2 has no realtime CPU budget")
	}
	if c.Shares != nil && *c.Shares != 0 {
		w := strconv.FormatUint(SharesToWeight(*c.Shares), 10)
		if err := write(dir, cpuField+"shares", "cpu.weight", w); err != nil {
			return err
		}
	}
	if err := setMax(dir, c.Quota, c.Period); err != nil {
		return err
	}
	if c.Burst != nil {
		if err := write(dir, cpuField+"burst", "cpu.max.burst", strconv.FormatUint(*c.Burst, 10)); err != nil {
			return err
		}
	}
	if c.Idle != nil {
		return write(dir, cpuField+"idle", "cpu.idle", strconv.FormatInt(*c.Idle, 10))
	}
	return nil
}

// SharesToWeight maps v1 cpu.shares [2, 262144] onto cpu.weight [1, 10000]
// linearly, the conversion runtimes agree on (1024 shares -> 39).
func SharesToWeight(shares uint64) uint64 {
	shares = min(max(shares, 2), 262144)
	return 1 + ((shares-2)*9999)/262142
}

// setMax writes cpu.max ("$QUOTA $PERIOD"); a missing quota keeps the
// current one, a quota <= 0 means "max".
func setMax(dir string, quota *int64, period *uint64) error {
	if quota == nil && (period == nil || *period == 0) {
		return nil
	}
	q := "max"
	switch {
	case quota != nil && *quota > 0:
		q = strconv.FormatInt(*quota, 10)
	case quota == nil:
		cur, err := cgfile.Read(dir, "cpu.max")
		if err != nil {
			return cgfile.FieldErr(cpuField+"period", err)
		}
		q, _, _ = strings.Cut(cur, " ")
	}
	v := q
	if period != nil && *period != 0 {
		v += " " + strconv.FormatUint(*period, 10)
	}
	return write(dir, cpuField+"quota", "cpu.max", v)
}

// write writes one file; a missing file becomes a FieldError.
func write(dir, field, file, value string) error {
	if !cgfile.Exists(dir, file) {
		return cgfile.Fieldf(field, "the host does not support it (%s missing)", file)
	}
	return cgfile.FieldErr(field, cgfile.Write(dir, file, value))
}
