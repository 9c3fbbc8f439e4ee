package v1

import (
	"strconv"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// cpuFile is one optional linux.resources.cpu value and its v1 file.
type cpuFile struct {
	field, file, value string
}

// SetCPU writes the cpu controller part of c (shares, CFS quota, period and
// burst, realtime runtime and period, idle) into dir. Cpus and mems belong
// to SetCpuset.
func SetCPU(dir string, c *specs.LinuxCPU) error {
	if c == nil {
		return nil
	}
	var files []cpuFile
	add := func(field, file, value string) {
		files = append(files, cpuFile{"linux.resources.cpu." + field, file, value})
	}
	if c.Shares != nil {
		add("shares", "cpu.shares", strconv.FormatUint(*c.Shares, 10))
	}
	if c.Burst != nil {
		add("burst", "cpu.cfs_burst_us", strconv.FormatUint(*c.Burst, 10))
	}
	if c.RealtimePeriod != nil {
		add("realtimePeriod", "cpu.rt_period_us", strconv.FormatUint(*c.RealtimePeriod, 10))
	}
	if c.RealtimeRuntime != nil {
		add("realtimeRuntime", "cpu.rt_runtime_us", strconv.FormatInt(*c.RealtimeRuntime, 10))
	}
	if c.Idle != nil {
		add("idle", "cpu.idle", strconv.FormatInt(*c.Idle, 10))
	}
	if err := setQuota(dir, c); err != nil {
		return err
	}
	return writeAll(dir, files)
}

// setQuota writes the CFS period and quota. The kernel checks the pair, so
// when the period is refused the quota goes first and the period again.
func setQuota(dir string, c *specs.LinuxCPU) error {
	quota := func() error {
		if c.Quota == nil {
			return nil
		}
		q := *c.Quota
		if q <= 0 {
			q = -1
		}
		return writeField(dir, "linux.resources.cpu.quota", "cpu.cfs_quota_us", strconv.FormatInt(q, 10))
	}
	if c.Period == nil || *c.Period == 0 {
		return quota()
	}
	period := strconv.FormatUint(*c.Period, 10)
	if err := cgfile.Write(dir, "cpu.cfs_period_us", period); err != nil {
		if qerr := quota(); qerr != nil {
			return qerr
		}
		return writeField(dir, "linux.resources.cpu.period", "cpu.cfs_period_us", period)
	}
	return quota()
}

// writeAll writes each value, stopping at the first error.
func writeAll(dir string, files []cpuFile) error {
	for _, f := range files {
		if err := writeField(dir, f.field, f.file, f.value); err != nil {
			return err
		}
	}
	return nil
}

// writeField writes one file; a missing file becomes a FieldError saying the
// host lacks it.
func writeField(dir, field, file, value string) error {
	if !cgfile.Exists(dir, file) {
		return cgfile.Fieldf(field, "the host kernel does not support it (%s missing)", file)
	}
	return cgfile.FieldErr(field, cgfile.Write(dir, file, value))
}

// cpuStats reads CFS throttling figures from cpu.stat.
func cpuStats(dir string, s *stats.Stats) error {
	m, err := cgfile.ReadFlat(dir, "cpu.stat")
	if err != nil {
		return err
	}
	s.CPU.Throttling = stats.Throttling{
		Periods:          m["nr_periods"],
		ThrottledPeriods: m["nr_throttled"],
		ThrottledTime:    m["throttled_time"],
	}
	return nil
}
