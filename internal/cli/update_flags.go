package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/spf13/pflag"
)

// updateFlag is one of runc's update flags: how its text becomes a value
// and which linux.resources field receives it.
type updateFlag struct {
	name, usage string
	set         func(r *specs.LinuxResources, v string) error
}

// updateFlags lists runc's update flags. Values are strings so that an
// unset flag changes nothing.
var updateFlags = []updateFlag{
	{"memory", "memory limit in `BYTES` (or 64m, 1g...; -1 for no limit)", sizeTo(func(r *specs.LinuxResources) **int64 { return &mem(r).Limit })},
	{"memory-reservation", "memory soft limit in `BYTES` (-1 for none)", sizeTo(func(r *specs.LinuxResources) **int64 { return &mem(r).Reservation })},
	{"memory-swap", "memory+swap limit in `BYTES` (-1 for unlimited swap)", sizeTo(func(r *specs.LinuxResources) **int64 { return &mem(r).Swap })},
	{"kernel-memory", "ignored (obsolete, as in runc)", func(*specs.LinuxResources, string) error { return nil }},
	{"kernel-memory-tcp", "ignored (obsolete, as in runc)", func(*specs.LinuxResources, string) error { return nil }},
	{"cpu-share", "CPU `SHARES` (relative weight, 2-262144)", uintTo(func(r *specs.LinuxResources) **uint64 { return &cpu(r).Shares })},
	{"cpu-shares", "same as --cpu-share `SHARES`", uintTo(func(r *specs.LinuxResources) **uint64 { return &cpu(r).Shares })},
	{"cpu-period", "CFS period in `USEC` (µs) (1000-1000000; 0 keeps it)", uintTo(func(r *specs.LinuxResources) **uint64 { return &cpu(r).Period })},
	{"cpu-quota", "CFS quota in `USEC` (µs) per period (-1 for no limit)", intTo(func(r *specs.LinuxResources) **int64 { return &cpu(r).Quota })},
	{"cpu-burst", "CFS burst in `USEC` (µs)", uintTo(func(r *specs.LinuxResources) **uint64 { return &cpu(r).Burst })},
	{"cpu-rt-period", "realtime period in `USEC` (µs)", uintTo(func(r *specs.LinuxResources) **uint64 { return &cpu(r).RealtimePeriod })},
	{"cpu-rt-runtime", "realtime runtime in `USEC` (µs) per period", intTo(func(r *specs.LinuxResources) **int64 { return &cpu(r).RealtimeRuntime })},
	{"cpu-idle", "`0|1`: 1 makes the group SCHED_IDLE", intTo(func(r *specs.LinuxResources) **int64 { return &cpu(r).Idle })},
	{"cpuset-cpus", "`CPUS` to run on (e.g. 0-3,5)", func(r *specs.LinuxResources, v string) error { cpu(r).Cpus = v; return nil }},
	{"cpuset-mems", "memory `NODES` to use (e.g. 0)", func(r *specs.LinuxResources, v string) error { cpu(r).Mems = v; return nil }},
	{"pids-limit", "maximum number of tasks, `N` (-1 for no limit; 0 keeps it)", intTo(func(r *specs.LinuxResources) **int64 {
		if r.Pids == nil {
			r.Pids = &specs.LinuxPids{}
		}
		return &r.Pids.Limit
	})},
	{"blkio-weight", "block I/O `WEIGHT` (10-1000)", blkioWeight},
}

// addUpdateFlags registers updateFlags on fs; kernel-memory ones hidden.
func addUpdateFlags(fs *pflag.FlagSet) {
	for _, f := range updateFlags {
		fs.String(f.name, "", f.usage)
	}
	_ = fs.MarkHidden("kernel-memory")
	_ = fs.MarkHidden("kernel-memory-tcp")
}

// flagResources builds linux.resources from the flags that were given.
func flagResources(fs *pflag.FlagSet) (*specs.LinuxResources, error) {
	r := &specs.LinuxResources{}
	for _, f := range updateFlags {
		if !fs.Changed(f.name) {
			continue
		}
		v, _ := fs.GetString(f.name)
		if err := f.set(r, v); err != nil {
			return nil, fmt.Errorf("--%s: %w", f.name, err)
		}
	}
	return r, nil
}

func mem(r *specs.LinuxResources) *specs.LinuxMemory {
	if r.Memory == nil {
		r.Memory = &specs.LinuxMemory{}
	}
	return r.Memory
}

func cpu(r *specs.LinuxResources) *specs.LinuxCPU {
	if r.CPU == nil {
		r.CPU = &specs.LinuxCPU{}
	}
	return r.CPU
}

func sizeTo(field func(*specs.LinuxResources) **int64) func(*specs.LinuxResources, string) error {
	return func(r *specs.LinuxResources, v string) error {
		n, err := parseMemSize(v)
		if err == nil {
			*field(r) = &n
		}
		return err
	}
}

func intTo(field func(*specs.LinuxResources) **int64) func(*specs.LinuxResources, string) error {
	return func(r *specs.LinuxResources, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not an integer", v)
		}
		*field(r) = &n
		return nil
	}
}

func uintTo(field func(*specs.LinuxResources) **uint64) func(*specs.LinuxResources, string) error {
	return func(r *specs.LinuxResources, v string) error {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a non-negative integer", v)
		}
		*field(r) = &n
		return nil
	}
}

// blkioWeight parses --blkio-weight; the range is checked by the update.
func blkioWeight(r *specs.LinuxResources, v string) error {
	n, err := strconv.ParseUint(v, 10, 16)
	if err != nil {
		return fmt.Errorf("%q is not a weight (10-1000)", v)
	}
	w := uint16(n)
	r.BlockIO = &specs.LinuxBlockIO{Weight: &w}
	return nil
}

// memUnits are runc's (docker/go-units RAMInBytes) size suffixes, powers
// of 1024.
var memUnits = map[byte]float64{'k': 1 << 10, 'm': 1 << 20, 'g': 1 << 30, 't': 1 << 40, 'p': 1 << 50}

// parseMemSize parses "-1" or a size as runc takes it: a number, an
// optional space, an optional unit letter k, m, g, t or p, and an optional
// "i" and "b" ("64m", "1.5G", "512MiB", "100 kb"), case-insensitive.
func parseMemSize(s string) (int64, error) {
	if s == "-1" {
		return -1, nil
	}
	t := strings.ToLower(s)
	t = strings.TrimSuffix(t, "b")
	t = strings.TrimSuffix(t, "i")
	mult := 1.0
	if n := len(t); n > 0 {
		if m, ok := memUnits[t[n-1]]; ok {
			mult, t = m, strings.TrimSuffix(t[:n-1], " ")
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || strings.ContainsAny(t, "+-eEnN_x") || v*mult >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is not a size (want bytes, 64m, 1.5g, 512MiB..., or -1 for no limit)", s)
	}
	return int64(v * mult), nil
}
