package v1

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func i64(v int64) *int64   { return &v }
func u64(v uint64) *uint64 { return &v }
func u16(v uint16) *uint16 { return &v }

// fakeDir makes a cgroup directory holding the given files.
func fakeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// check compares file contents in dir.
func check(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	for name, w := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != w {
			t.Errorf("%s = %q, %v; want %q", name, got, err, w)
		}
	}
}

func TestSetters(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		set   func(dir string) error
		want  map[string]string
		field string // expected FieldError field, "" for success
	}{
		{"cpu", map[string]string{"cpu.shares": "", "cpu.cfs_quota_us": "", "cpu.cfs_period_us": "", "cpu.cfs_burst_us": "", "cpu.idle": ""},
			func(d string) error {
				return SetCPU(d, &specs.LinuxCPU{Shares: u64(1024), Quota: i64(-5), Period: u64(50000), Burst: u64(10), Idle: i64(1)})
			},
			map[string]string{"cpu.shares": "1024", "cpu.cfs_quota_us": "-1", "cpu.cfs_period_us": "50000", "cpu.cfs_burst_us": "10", "cpu.idle": "1"}, ""},
		{"cpu rt missing", map[string]string{},
			func(d string) error { return SetCPU(d, &specs.LinuxCPU{RealtimeRuntime: i64(100)}) },
			nil, "linux.resources.cpu.realtimeRuntime"},
		{"cpuset", map[string]string{"cpuset.cpus": "", "cpuset.mems": ""},
			func(d string) error { return SetCpuset(d, &specs.LinuxCPU{Cpus: "0-1", Mems: "0"}) },
			map[string]string{"cpuset.cpus": "0-1", "cpuset.mems": "0"}, ""},
		{"memory", map[string]string{"memory.limit_in_bytes": "", "memory.memsw.limit_in_bytes": "", "memory.soft_limit_in_bytes": "", "memory.swappiness": "", "memory.oom_control": ""},
			func(d string) error {
				no := true
				return SetMemory(d, &specs.LinuxMemory{Limit: i64(100), Swap: i64(200), Reservation: i64(50), Swappiness: u64(10), DisableOOMKiller: &no})
			},
			map[string]string{"memory.limit_in_bytes": "100", "memory.memsw.limit_in_bytes": "200", "memory.soft_limit_in_bytes": "50", "memory.swappiness": "10", "memory.oom_control": "1"}, ""},
		{"memory swap unaccounted", map[string]string{"memory.limit_in_bytes": ""},
			func(d string) error { return SetMemory(d, &specs.LinuxMemory{Limit: i64(100), Swap: i64(200)}) },
			nil, "linux.resources.memory.swap"},
		{"swappiness range", map[string]string{"memory.swappiness": ""},
			func(d string) error { return SetMemory(d, &specs.LinuxMemory{Swappiness: u64(101)}) },
			nil, "linux.resources.memory.swappiness"},
		{"check before update", map[string]string{"memory.usage_in_bytes": "5000", "memory.limit_in_bytes": ""},
			func(d string) error {
				yes := true
				return SetMemory(d, &specs.LinuxMemory{Limit: i64(100), CheckBeforeUpdate: &yes})
			},
			nil, "linux.resources.memory.limit"},
		{"pids", map[string]string{"pids.max": ""},
			func(d string) error { return SetPids(d, &specs.LinuxPids{Limit: i64(0)}) },
			map[string]string{"pids.max": "max"}, ""},
		{"blkio bfq", map[string]string{"blkio.bfq.weight": "", "blkio.throttle.read_bps_device": ""},
			func(d string) error {
				return SetBlkio(d, &specs.LinuxBlockIO{Weight: u16(300),
					ThrottleReadBpsDevice: []specs.LinuxThrottleDevice{{LinuxBlockIODevice: specs.LinuxBlockIODevice{Major: 8, Minor: 0}, Rate: 1024}}})
			},
			map[string]string{"blkio.bfq.weight": "300", "blkio.throttle.read_bps_device": "8:0 1024"}, ""},
		{"blkio no weight", map[string]string{},
			func(d string) error { return SetBlkio(d, &specs.LinuxBlockIO{Weight: u16(300)}) },
			nil, "linux.resources.blockIO.weight"},
		{"blkio weight 0 is unset (Docker sends it)", map[string]string{"blkio.bfq.weight": "500"},
			func(d string) error { return SetBlkio(d, &specs.LinuxBlockIO{Weight: u16(0), LeafWeight: u16(0)}) },
			map[string]string{"blkio.bfq.weight": "500"}, ""},
		{"hugetlb", map[string]string{"hugetlb.2MB.limit_in_bytes": ""},
			func(d string) error { return SetHugetlb(d, []specs.LinuxHugepageLimit{{Pagesize: "2MB", Limit: 4096}}) },
			map[string]string{"hugetlb.2MB.limit_in_bytes": "4096"}, ""},
		{"hugetlb size", map[string]string{},
			func(d string) error { return SetHugetlb(d, []specs.LinuxHugepageLimit{{Pagesize: "1GB", Limit: 1}}) },
			nil, "linux.resources.hugepageLimits[1GB]"},
		{"net", map[string]string{"net_cls.classid": "", "net_prio.ifpriomap": ""},
			func(d string) error {
				id := uint32(0x10001)
				n := &specs.LinuxNetwork{ClassID: &id, Priorities: []specs.LinuxInterfacePriority{{Name: "eth0", Priority: 5}}}
				if err := SetNetCls(d, n); err != nil {
					return err
				}
				return SetNetPrio(d, n)
			},
			map[string]string{"net_cls.classid": "65537", "net_prio.ifpriomap": "eth0 5"}, ""},
		{"nil changes nothing", map[string]string{"memory.limit_in_bytes": "keep"},
			func(d string) error { return SetMemory(d, nil) },
			map[string]string{"memory.limit_in_bytes": "keep"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fakeDir(t, tt.files)
			err := tt.set(dir)
			if tt.field != "" {
				var fe *cgfile.FieldError
				if !errors.As(err, &fe) || fe.Field != tt.field {
					t.Fatalf("err = %v, want FieldError on %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			check(t, dir, tt.want)
		})
	}
}

func TestInitCpuset(t *testing.T) {
	root := fakeDir(t, map[string]string{"cpuset.cpus": "0-1", "cpuset.mems": "0"})
	dir := filepath.Join(root, "a", "b")
	for _, d := range []string{filepath.Join(root, "a"), dir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
			os.WriteFile(filepath.Join(d, f), nil, 0o644)
		}
	}
	if err := initCpuset(dir); err != nil {
		t.Fatal(err)
	}
	check(t, dir, map[string]string{"cpuset.cpus": "0-1", "cpuset.mems": "0"})
	check(t, filepath.Join(root, "a"), map[string]string{"cpuset.cpus": "0-1"})
}

func TestStats(t *testing.T) {
	dir := fakeDir(t, map[string]string{
		"cpuacct.usage": "3000", "cpuacct.usage_percpu": "1000 2000", "cpuacct.usage_user": "2000", "cpuacct.usage_sys": "1000",
		"cpu.stat":              "nr_periods 10\nnr_throttled 4\nthrottled_time 500\n",
		"memory.usage_in_bytes": "33554432", "memory.max_usage_in_bytes": "40000000", "memory.limit_in_bytes": "67108864", "memory.failcnt": "2",
		"memory.stat": "cache 4096\ntotal_cache 8192\nrss 100\n", "memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n",
		"pids.current": "4", "pids.max": "max",
		"blkio.throttle.io_service_bytes_recursive": "8:0 Read 10\n8:0 Write 20\nTotal 30\n",
		"blkio.throttle.io_serviced_recursive":      "8:0 Read 1\n",
		"hugetlb.2MB.limit_in_bytes":                "4194304", "hugetlb.2MB.usage_in_bytes": "2097152", "hugetlb.2MB.max_usage_in_bytes": "2097152", "hugetlb.2MB.failcnt": "1",
	})
	g := &Group{Paths: map[string]string{"cpu": dir, "cpuacct": dir, "memory": dir, "pids": dir, "blkio": dir, "hugetlb": dir}}
	var s stats.Stats
	if err := g.Stats(&s); err != nil {
		t.Fatal(err)
	}
	if s.CPU.Usage.Total != 3000 || len(s.CPU.Usage.Percpu) != 2 || s.CPU.Usage.User != 2000 || s.CPU.Throttling.ThrottledPeriods != 4 {
		t.Errorf("cpu = %+v", s.CPU)
	}
	if s.Memory.Usage.Usage != 32<<20 || s.Memory.Cache != 8192 || s.Memory.EventCount.OOMKill != 3 || s.Memory.Raw["rss"] != 100 {
		t.Errorf("memory = %+v", s.Memory)
	}
	if s.Pids.Current != 4 || s.Pids.Limit != 0 {
		t.Errorf("pids = %+v", s.Pids)
	}
	if len(s.Blkio.IoServiceBytesRecursive) != 2 || s.Blkio.IoServiceBytesRecursive[1].Value != 20 {
		t.Errorf("blkio = %+v", s.Blkio)
	}
	if h := s.Hugetlb["2MB"]; h.Usage != 2<<20 || h.Failcnt != 1 {
		t.Errorf("hugetlb = %+v", s.Hugetlb)
	}
	if n, ok, err := g.OOMKillCount(); n != 3 || !ok || err != nil {
		t.Errorf("OOMKillCount = %d, %v, %v", n, ok, err)
	}
}
