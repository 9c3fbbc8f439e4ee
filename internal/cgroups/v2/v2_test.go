package v2

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

func check(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	for name, w := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != w {
			t.Errorf("%s = %q, %v; want %q", name, got, err, w)
		}
	}
}

func TestConversions(t *testing.T) {
	for shares, want := range map[uint64]uint64{2: 1, 1024: 39, 262144: 10000, 1: 1, 1 << 20: 10000} {
		if got := SharesToWeight(shares); got != want {
			t.Errorf("SharesToWeight(%d) = %d, want %d", shares, got, want)
		}
	}
	for w, want := range map[uint16]uint64{10: 1, 1000: 10000, 500: 4950} {
		if got := BlkioWeightToIOWeight(w); got != want {
			t.Errorf("BlkioWeightToIOWeight(%d) = %d, want %d", w, got, want)
		}
	}
	d := specs.LinuxThrottleDevice{LinuxBlockIODevice: specs.LinuxBlockIODevice{Major: 8, Minor: 16}}
	if got := IOMaxLine(d, "wiops"); got != "8:16 wiops=max" {
		t.Errorf("IOMaxLine = %q", got)
	}
}

func TestSwapMax(t *testing.T) {
	tests := []struct {
		limit, swap *int64
		want        string
		err         bool
	}{
		{nil, nil, "", false},
		{i64(100), i64(300), "200", false},
		{i64(100), i64(100), "0", false},
		{i64(100), i64(-1), "max", false},
		{nil, i64(300), "", true},
		{i64(-1), i64(300), "", true},
		{i64(300), i64(100), "", true},
	}
	for _, tt := range tests {
		got, err := SwapMax(tt.limit, tt.swap)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("SwapMax(%v, %v) = %q, %v", tt.limit, tt.swap, got, err)
		}
	}
}

func TestSetters(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		set   func(string) error
		want  map[string]string
		field string
	}{
		{"cpu", map[string]string{"cpu.weight": "", "cpu.max": "max 100000", "cpu.max.burst": "", "cpu.idle": ""},
			func(d string) error {
				return SetCPU(d, &specs.LinuxCPU{Shares: u64(1024), Quota: i64(50000), Period: u64(200000), Burst: u64(5), Idle: i64(0)})
			},
			map[string]string{"cpu.weight": "39", "cpu.max": "50000 200000", "cpu.max.burst": "5", "cpu.idle": "0"}, ""},
		{"cpu period only keeps quota", map[string]string{"cpu.max": "20000 100000"},
			func(d string) error { return SetCPU(d, &specs.LinuxCPU{Period: u64(50000)}) },
			map[string]string{"cpu.max": "20000 50000"}, ""},
		{"cpu unlimited", map[string]string{"cpu.max": ""},
			func(d string) error { return SetCPU(d, &specs.LinuxCPU{Quota: i64(-1)}) },
			map[string]string{"cpu.max": "max"}, ""},
		{"cpu realtime", map[string]string{},
			func(d string) error { return SetCPU(d, &specs.LinuxCPU{RealtimeRuntime: i64(5)}) },
			nil, "linux.resources.cpu.realtimeRuntime"},
		{"memory", map[string]string{"memory.max": "", "memory.swap.max": "", "memory.low": ""},
			func(d string) error {
				return SetMemory(d, &specs.LinuxMemory{Limit: i64(1000), Swap: i64(3000), Reservation: i64(500)})
			},
			map[string]string{"memory.max": "1000", "memory.swap.max": "2000", "memory.low": "500"}, ""},
		{"memory unlimited", map[string]string{"memory.max": "5"},
			func(d string) error { return SetMemory(d, &specs.LinuxMemory{Limit: i64(-1)}) },
			map[string]string{"memory.max": "max"}, ""},
		{"no swap accounting", map[string]string{"memory.max": ""},
			func(d string) error { return SetMemory(d, &specs.LinuxMemory{Limit: i64(1000), Swap: i64(3000)}) },
			nil, "linux.resources.memory.swap"},
		{"swappiness", map[string]string{},
			func(d string) error { return SetMemory(d, &specs.LinuxMemory{Swappiness: u64(1)}) },
			nil, "linux.resources.memory.swappiness"},
		{"pids", map[string]string{"pids.max": ""},
			func(d string) error { return SetPids(d, &specs.LinuxPids{Limit: i64(20)}) },
			map[string]string{"pids.max": "20"}, ""},
		{"io weight", map[string]string{"io.weight": "", "io.max": ""},
			func(d string) error {
				return SetIO(d, &specs.LinuxBlockIO{Weight: u16(1000),
					ThrottleWriteBpsDevice: []specs.LinuxThrottleDevice{{LinuxBlockIODevice: specs.LinuxBlockIODevice{Major: 8, Minor: 0}, Rate: 100}}})
			},
			map[string]string{"io.weight": "default 10000", "io.max": "8:0 wbps=100"}, ""},
		{"io bfq weight", map[string]string{"io.bfq.weight": "", "io.weight": "untouched"},
			func(d string) error {
				return SetIO(d, &specs.LinuxBlockIO{WeightDevice: []specs.LinuxWeightDevice{{LinuxBlockIODevice: specs.LinuxBlockIODevice{Major: 8, Minor: 0}, Weight: u16(300)}}})
			},
			map[string]string{"io.bfq.weight": "8:0 300", "io.weight": "untouched"}, ""},
		{"io leaf", map[string]string{},
			func(d string) error { return SetIO(d, &specs.LinuxBlockIO{LeafWeight: u16(300)}) },
			nil, "linux.resources.blockIO.leafWeight"},
		{"hugetlb", map[string]string{"hugetlb.2MB.max": "", "hugetlb.2MB.rsvd.max": ""},
			func(d string) error { return SetHugetlb(d, []specs.LinuxHugepageLimit{{Pagesize: "2MB", Limit: 4096}}) },
			map[string]string{"hugetlb.2MB.max": "4096", "hugetlb.2MB.rsvd.max": "4096"}, ""},
		{"unified", map[string]string{"memory.high": ""},
			func(d string) error { return SetUnified(d, map[string]string{"memory.high": "1234"}) },
			map[string]string{"memory.high": "1234"}, ""},
		{"unified missing file", map[string]string{},
			func(d string) error { return SetUnified(d, map[string]string{"memory.high": "1"}) },
			nil, "linux.resources.unified[memory.high]"},
		{"unified path key", map[string]string{},
			func(d string) error { return SetUnified(d, map[string]string{"a/b": "1"}) },
			nil, "linux.resources.unified[a/b]"},
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

func TestEnable(t *testing.T) {
	root := fakeDir(t, map[string]string{"cgroup.subtree_control": "memory"})
	mid := filepath.Join(root, "cell")
	os.Mkdir(mid, 0o755)
	os.WriteFile(filepath.Join(mid, "cgroup.subtree_control"), nil, 0o644)
	g := &Group{Root: root, Dir: filepath.Join(mid, "x")}
	if err := g.Enable("memory"); err != nil {
		t.Fatal(err)
	}
	check(t, root, map[string]string{"cgroup.subtree_control": "memory", "cell/cgroup.subtree_control": "+memory"})
}

func TestFreezeFake(t *testing.T) {
	dir := fakeDir(t, map[string]string{"cgroup.freeze": "", "cgroup.events": "populated 1\nfrozen 1\n"})
	if err := Freeze(dir, true); err != nil {
		t.Fatal(err)
	}
	check(t, dir, map[string]string{"cgroup.freeze": "1"})
}

func TestStats(t *testing.T) {
	dir := fakeDir(t, map[string]string{
		"cpu.stat":       "usage_usec 10\nuser_usec 6\nsystem_usec 4\nnr_periods 3\nnr_throttled 2\nthrottled_usec 7\n",
		"memory.current": "33554432", "memory.max": "max", "memory.peak": "40000000",
		"memory.stat": "anon 100\nfile 200\n", "memory.events": "low 0\nhigh 1\nmax 2\noom 3\noom_kill 4\n",
		"memory.swap.current": "10", "memory.swap.max": "max",
		"pids.current": "3", "pids.max": "20",
		"io.stat":             "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n",
		"hugetlb.2MB.current": "0", "hugetlb.2MB.max": "4096", "hugetlb.2MB.events": "max 1\n",
		"cpu.pressure": "some avg10=1.50 avg60=0.00 avg300=0.00 total=42\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=7\n",
	})
	var s stats.Stats
	g := &Group{Dir: dir}
	if err := g.Stats(&s); err != nil {
		t.Fatal(err)
	}
	if s.CPU.Usage.Total != 10000 || s.CPU.Usage.Kernel != 4000 || s.CPU.Throttling.ThrottledTime != 7000 {
		t.Errorf("cpu = %+v", s.CPU)
	}
	if s.Memory.Usage.Usage != 32<<20 || s.Memory.Cache != 200 || s.Memory.EventCount.OOMKill != 4 || s.Memory.Swap.Usage != 32<<20+10 {
		t.Errorf("memory = %+v", s.Memory)
	}
	if s.Pids.Limit != 20 || len(s.Blkio.IoServiceBytesRecursive) != 3 || s.Hugetlb["2MB"].Failcnt != 1 {
		t.Errorf("pids %+v blkio %+v hugetlb %+v", s.Pids, s.Blkio, s.Hugetlb)
	}
	if s.CPU.PSI == nil || s.CPU.PSI.Some.Avg10 != 1.5 || s.CPU.PSI.Full.Total != 7 {
		t.Errorf("psi = %+v", s.CPU.PSI)
	}
	if n, err := g.OOMKillCount(); n != 4 || err != nil {
		t.Errorf("OOMKillCount = %d, %v", n, err)
	}
}
