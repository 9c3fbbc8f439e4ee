package container

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestLimitsAsked(t *testing.T) {
	lim, shares := int64(1), uint64(2)
	for _, c := range []struct {
		r    *specs.LinuxResources
		want string
	}{
		{nil, ""},
		{&specs.LinuxResources{}, ""},
		{&specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"}}}, ""},
		{&specs.LinuxResources{CPU: &specs.LinuxCPU{}}, ""},
		{&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &lim}}, "linux.resources.memory"},
		{&specs.LinuxResources{CPU: &specs.LinuxCPU{Shares: &shares}}, "linux.resources.cpu"},
		{&specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "0"}}, "linux.resources.cpu"},
		{&specs.LinuxResources{Pids: &specs.LinuxPids{Limit: &lim}}, "linux.resources.pids"},
		{&specs.LinuxResources{Unified: map[string]string{"memory.high": "1"}}, "linux.resources.unified"},
	} {
		if got := limitsAsked(c.r); got != c.want {
			t.Errorf("limitsAsked(%+v) = %q, want %q", c.r, got, c.want)
		}
	}
}
