package container

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/cgroups"
)

func TestNormalizeUpdate(t *testing.T) {
	oldSwap := &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(64)), Swap: ptr(int64(128))}}
	tests := []struct {
		name    string
		in, old *specs.LinuxResources
		want    *specs.LinuxResources
	}{
		{"zeros mean unchanged",
			&specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: ptr(int64(0)), Period: ptr(uint64(0)), Shares: ptr(uint64(0))},
				Pids: &specs.LinuxPids{Limit: ptr(int64(0))}, BlockIO: &specs.LinuxBlockIO{Weight: ptr(uint16(0))}},
			&specs.LinuxResources{},
			&specs.LinuxResources{CPU: &specs.LinuxCPU{}, BlockIO: &specs.LinuxBlockIO{}}},
		{"devices and kernel memory dropped, check on",
			&specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{{Allow: true}},
				Memory: &specs.LinuxMemory{Limit: ptr(int64(10)), Kernel: ptr(int64(5)), KernelTCP: ptr(int64(5))}},
			&specs.LinuxResources{},
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(10)), CheckBeforeUpdate: ptr(true)}}},
		{"explicit checkBeforeUpdate kept",
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(10)), CheckBeforeUpdate: ptr(false)}},
			&specs.LinuxResources{},
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(10)), CheckBeforeUpdate: ptr(false)}}},
		{"-1 lifts an old swap limit",
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(-1))}}, oldSwap,
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(-1)), Swap: ptr(int64(-1))}}},
		{"-1 without an old swap limit",
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(-1))}}, &specs.LinuxResources{},
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(-1))}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizeUpdate(tt.in, tt.old); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %s, want %s", jsonOf(got), jsonOf(tt.want))
			}
		})
	}
}

func TestMergeResourcesKeepsUnsetAndDoesNotAlias(t *testing.T) {
	old := &specs.LinuxResources{
		Memory:  &specs.LinuxMemory{Limit: ptr(int64(64)), Reservation: ptr(int64(32))},
		CPU:     &specs.LinuxCPU{Shares: ptr(uint64(512)), Cpus: "0"},
		Devices: []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"}},
		Unified: map[string]string{"memory.high": "1000"},
	}
	d := &specs.LinuxResources{
		Memory:  &specs.LinuxMemory{Limit: ptr(int64(128))},
		CPU:     &specs.LinuxCPU{Quota: ptr(int64(5000)), Mems: "0"},
		Pids:    &specs.LinuxPids{Limit: ptr(int64(9))},
		Unified: map[string]string{"pids.max": "9"},
	}
	m := mergeResources(old, d)
	want := `{"devices":[{"allow":false,"access":"rwm"}],"memory":{"limit":128,"reservation":32},` +
		`"cpu":{"shares":512,"quota":5000,"cpus":"0","mems":"0"},"pids":{"limit":9},` +
		`"unified":{"memory.high":"1000","pids.max":"9"}}`
	if got := jsonOf(m); got != want {
		t.Errorf("merged:\n got %s\nwant %s", got, want)
	}
	if *old.Memory.Limit != 64 || len(old.Unified) != 1 {
		t.Errorf("merge changed the old resources: %s", jsonOf(old))
	}
}

func TestCheckUpdate(t *testing.T) {
	dir := t.TempDir()
	cpuOnlinePath, nodeOnlinePath = filepath.Join(dir, "cpu"), filepath.Join(dir, "node")
	t.Cleanup(func() {
		cpuOnlinePath, nodeOnlinePath = "/sys/devices/system/cpu/online", "/sys/devices/system/node/online"
	})
	if err := os.WriteFile(cpuOnlinePath, []byte("0-3,6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mem := func(limit, swap int64) *specs.LinuxResources {
		return &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &limit, Swap: &swap}}
	}
	tests := []struct {
		name  string
		d     *specs.LinuxResources
		field string // "" for no error
	}{
		{"unlimited memory", mem(-1, -1), ""},
		{"memory below -1", mem(-2, 0), "memory.limit"},
		{"swap below limit", mem(100, 50), "memory.swap"},
		{"swap without limit", &specs.LinuxResources{Memory: &specs.LinuxMemory{Swap: ptr(int64(50))}}, "memory.swap"},
		{"swappiness", &specs.LinuxResources{Memory: &specs.LinuxMemory{Swappiness: ptr(uint64(101))}}, "memory.swappiness"},
		{"shares", &specs.LinuxResources{CPU: &specs.LinuxCPU{Shares: ptr(uint64(1))}}, "cpu.shares"},
		{"period", &specs.LinuxResources{CPU: &specs.LinuxCPU{Period: ptr(uint64(2000000))}}, "cpu.period"},
		{"quota", &specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: ptr(int64(999))}}, "cpu.quota"},
		{"quota unlimited", &specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: ptr(int64(-1))}}, ""},
		{"cpus on host", &specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "1-3,6"}}, ""},
		{"cpus off host", &specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "0-99999"}}, "cpu.cpus"},
		{"cpus gap", &specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "5"}}, "cpu.cpus"},
		{"cpus syntax", &specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "3-1"}}, "cpu.cpus"},
		{"mems without node list", &specs.LinuxResources{CPU: &specs.LinuxCPU{Mems: "1"}}, "cpu.mems"},
		{"blkio weight", &specs.LinuxResources{BlockIO: &specs.LinuxBlockIO{Weight: ptr(uint16(5000))}}, "blockIO.weight"},
		{"blkio device weight", &specs.LinuxResources{BlockIO: &specs.LinuxBlockIO{
			WeightDevice: []specs.LinuxWeightDevice{{Weight: ptr(uint16(5))}}}}, "blockIO.weightDevice.weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkUpdate(tt.d, mergeResources(&specs.LinuxResources{}, tt.d))
			var fe *cgroups.FieldError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.field != "" && (!errors.As(err, &fe) || fe.Field != "linux.resources."+tt.field):
				t.Errorf("error %v, want one naming linux.resources.%s", err, tt.field)
			}
		})
	}
}

func TestWriteSetAndParts(t *testing.T) {
	d := &specs.LinuxResources{
		Memory: &specs.LinuxMemory{Limit: ptr(int64(128))},
		CPU:    &specs.LinuxCPU{Quota: ptr(int64(5000)), Cpus: "1"},
		Pids:   &specs.LinuxPids{Limit: ptr(int64(9))},
	}
	m := mergeResources(&specs.LinuxResources{
		Memory: &specs.LinuxMemory{Swap: ptr(int64(256))}, CPU: &specs.LinuxCPU{Period: ptr(uint64(50000))},
	}, d)
	var got []string
	for _, p := range splitParts(writeSet(d, m)) {
		got = append(got, jsonOf(p))
	}
	want := []string{
		`{"memory":{"limit":128,"swap":256}}`,
		`{"pids":{"limit":9}}`,
		`{"cpu":{"cpus":"1"}}`,
		`{"cpu":{"quota":5000,"period":50000}}`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parts:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestRestoreOf(t *testing.T) {
	old := &specs.LinuxResources{
		Memory:  &specs.LinuxMemory{Limit: ptr(int64(64))},
		BlockIO: &specs.LinuxBlockIO{ThrottleReadBpsDevice: []specs.LinuxThrottleDevice{{Rate: 7}}},
	}
	dev := func(minor, rate uint64) specs.LinuxThrottleDevice {
		return specs.LinuxThrottleDevice{LinuxBlockIODevice: specs.LinuxBlockIODevice{Minor: int64(minor)}, Rate: rate}
	}
	tests := []struct {
		name string
		part *specs.LinuxResources
		want string
	}{
		{"memory: old limit, unlimited swap",
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(1)), Swap: ptr(int64(2)), CheckBeforeUpdate: ptr(true)}},
			`{"memory":{"limit":64,"swap":-1}}`},
		{"pids never set: no limit", &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: ptr(int64(3))}}, `{"pids":{"limit":-1}}`},
		{"cfs: defaults", &specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: ptr(int64(3000))}}, `{"cpu":{"quota":-1,"period":100000}}`},
		{"cpuset never set: left alone", &specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "1"}}, `{"cpu":{}}`},
		{"throttle: old rate or none",
			&specs.LinuxResources{BlockIO: &specs.LinuxBlockIO{ThrottleReadBpsDevice: []specs.LinuxThrottleDevice{dev(0, 9), dev(1, 9)}}},
			`{"blockIO":{"throttleReadBpsDevice":[{"major":0,"minor":0,"rate":7},{"major":0,"minor":1,"rate":0}]}}`},
		{"network: classid 0", &specs.LinuxResources{Network: &specs.LinuxNetwork{ClassID: ptr(uint32(5))}}, `{"network":{"classID":0}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsonOf(restoreOf(tt.part, old)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseList(t *testing.T) {
	tests := []struct {
		in   string
		want []idRange
		ok   bool
	}{
		{"0", []idRange{{0, 0}}, true},
		{"0-3,5\n", []idRange{{0, 3}, {5, 5}}, true},
		{"", nil, false},
		{"a", nil, false},
		{"1-", nil, false},
		{"-1", nil, false},
		{"99999999999999999999", nil, false},
	}
	for _, tt := range tests {
		got, err := parseList(tt.in)
		if (err == nil) != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseList(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func jsonOf(r *specs.LinuxResources) string {
	b, err := json.Marshal(r)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
