package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

const mib = 1 << 20

// lastAllocated is the last "allocated N" line memhog printed.
func lastAllocated(out string) int {
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "allocated "); ok {
			n, _ = strconv.Atoi(v)
		}
	}
	return n
}

func TestCgroupMemoryHogIsOOMKilled(t *testing.T) {
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "sleep", "inf"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.Memory = &specs.LinuxMemory{Limit: i64p(64 * mib)}
		if hostHasSwap() {
			r.Memory.Swap = i64p(64 * mib) // no swapping out of the limit
		}
	})
	e.startDetached("cg-oom", b)
	paths := e.savedState("cg-oom").CgroupPaths
	out, errs, code := e.cell("exec", "cg-oom", "/bin/payload", "memhog", "256")
	if code != 137 {
		t.Fatalf("memhog under 64 MiB: exit %d, want 137 (SIGKILL)\n%s%s", code, out, errs)
	}
	if n := lastAllocated(out); n < 8 || n >= 64 {
		t.Errorf("memhog got to %d MiB before the kill, want below the 64 MiB limit", n)
	}
	oom := cgFile{paths, "memory", "memory.oom_control", "memory.events"}
	if n := flatValue(t, oom.read(t), "oom_kill"); n < 1 {
		t.Errorf("oom_kill count %d after the kill, want >= 1", n)
	}
	if s := e.status("cg-oom"); s != "running" {
		t.Errorf("the container's init is %s after its child was OOM-killed, want running", s)
	}
	t.Logf("memhog reached %d MiB of a 64 MiB limit before the OOM kill", lastAllocated(out))
}

func TestCgroupCPUHogHeldToQuota(t *testing.T) {
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "cpuhog", "60"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.CPU = &specs.LinuxCPU{Quota: i64p(50000), Period: u64p(100000)}
	})
	e.startDetached("cg-cpu", b)
	paths := e.savedState("cg-cpu").CgroupPaths
	time.Sleep(300 * time.Millisecond)
	stat := cgFile{paths, "cpu", "cpu.stat", "cpu.stat"}
	periods0, throttled0 := flatValue(t, stat.read(t), "nr_periods"), flatValue(t, stat.read(t), "nr_throttled")
	u0, t0 := cpuUsage(t, paths), time.Now()
	time.Sleep(3 * time.Second)
	u1, t1 := cpuUsage(t, paths), time.Now()
	periods := flatValue(t, stat.read(t), "nr_periods") - periods0
	throttled := flatValue(t, stat.read(t), "nr_throttled") - throttled0
	share := float64(u1-u0) / float64(t1.Sub(t0))
	t.Logf("CPU hog under quota 0.5 got %.3f CPU over %v; throttled in %d of %d periods", share, t1.Sub(t0).Round(time.Millisecond), throttled, periods)
	if share > 0.6 {
		t.Errorf("CPU hog under quota 0.5 used %.3f CPU, want at most 0.6", share)
	}
	if throttled == 0 {
		t.Errorf("a CPU hog under quota 0.5 was never throttled (%d periods)", periods)
	}
	if share < 0.4 && throttled*2 > periods {
		t.Errorf("CPU hog under quota 0.5 got only %.3f CPU while throttled in %d/%d periods", share, throttled, periods)
	}
}

func TestCgroupForkBombStopsAtPidsLimit(t *testing.T) {
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "forkbomb", "1000", "3"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.Pids = &specs.LinuxPids{Limit: i64p(64)}
	})
	outPath := e.startDetached("cg-pids", b)
	paths := e.savedState("cg-pids").CgroupPaths
	current := cgFile{paths, "pids", "pids.current", "pids.current"}
	peak := 0
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(2 * time.Millisecond) {
		b, err := os.ReadFile(must(current.path(t)))
		if err != nil {
			break // the container is gone
		}
		n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		peak = max(peak, n)
		// "error ..." is the fork bomb's last line, written after "forked N".
		if out, _ := os.ReadFile(outPath); strings.Contains(string(out), "error ") && peak >= 64 {
			break
		}
	}
	out, _ := os.ReadFile(outPath)
	events := cgFile{paths, "pids", "pids.events", "pids.events"}
	t.Logf("fork bomb under pids 64: pids.current peaked at %d; %q; pids.events %q", peak, strings.TrimSpace(string(out)), events.read(t))
	if peak > 64 {
		t.Errorf("pids.current reached %d, above the limit 64", peak)
	}
	if peak < 64 {
		t.Errorf("pids.current peaked at %d: the fork bomb never reached the limit 64", peak)
	}
	if !strings.Contains(string(out), "error EAGAIN") {
		t.Errorf("fork bomb output %q: want a fork refused with EAGAIN", out)
	}
	if n := flatValue(t, events.read(t), "max"); n == 0 {
		t.Errorf("pids.events max = 0: the kernel refused no fork")
	}
}

// must returns v and ignores the flag a cgFile.path returns.
func must[T any](v T, _ bool) T { return v }

func TestCgroupDevicesDeniedAndAllowed(t *testing.T) {
	for _, d := range []string{"/dev/loop6", "/dev/loop7"} {
		if _, err := os.Stat(d); err != nil {
			t.Skipf("needs the host's %s (loop driver): %v", d, err)
		}
	}
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "sleep", "inf"}, func(s *specs.Spec, r *specs.LinuxResources) {
		s.Linux.Devices = []specs.LinuxDevice{
			{Path: "/dev/loop6", Type: "b", Major: 7, Minor: 6, FileMode: fileMode(0o600)},
			{Path: "/dev/loop7", Type: "b", Major: 7, Minor: 7, FileMode: fileMode(0o600)},
		}
		r.Devices = append(r.Devices, specs.LinuxDeviceCgroup{Allow: true, Type: "b", Major: i64p(7), Minor: i64p(7), Access: "rwm"})
	})
	e.startDetached("cg-dev", b)
	cases := []struct {
		name string
		argv []string
		want string
	}{
		{"open denied", []string{"open", "/dev/loop6"}, "EPERM"},
		{"open allowed", []string{"open", "/dev/loop7"}, "ok"},
		{"mknod denied", []string{"mknod", "/dev/cg-new-denied", "b", "7", "6"}, "EPERM"},
		{"mknod allowed", []string{"mknod", "/dev/cg-new-allowed", "b", "7", "7"}, "ok"},
		{"open default null", []string{"open", "/dev/null", "wronly"}, "ok"},
	}
	for _, c := range cases {
		out, errs, _ := e.cell(append([]string{"exec", "cg-dev", "/bin/payload"}, c.argv...)...)
		if strings.TrimSpace(out) != c.want {
			t.Errorf("%s: %v got %q (%s), want %q", c.name, c.argv, out, errs, c.want)
		}
	}
}

func TestCgroupCpusetPinsTheContainer(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("needs 2 CPUs to pin to CPU 1")
	}
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "cpus"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.CPU = &specs.LinuxCPU{Cpus: "1", Mems: "0"}
	})
	out := e.ok("run", "-b", b, "cg-cpuset")
	if !strings.Contains(out, "Cpus_allowed_list:\t1\n") || !strings.Contains(out, "cpu=1\n") {
		t.Errorf("container pinned to cpuset 1 reports:\n%s", out)
	}
}

func TestCgroupBlkioAndNetFilesWritten(t *testing.T) {
	major, minor := firstDisk(t)
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "sleep", "inf"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.BlockIO = &specs.LinuxBlockIO{
			Weight: u16p(300),
			ThrottleReadBpsDevice: []specs.LinuxThrottleDevice{
				{LinuxBlockIODevice: specs.LinuxBlockIODevice{Major: major, Minor: minor}, Rate: 1048576}},
			ThrottleWriteIOPSDevice: []specs.LinuxThrottleDevice{
				{LinuxBlockIODevice: specs.LinuxBlockIODevice{Major: major, Minor: minor}, Rate: 100}},
		}
		if v1, _ := cgroupMounts(t); v1 { // net_cls and net_prio are v1 only
			r.Network = &specs.LinuxNetwork{ClassID: u32p(0x100001),
				Priorities: []specs.LinuxInterfacePriority{{Name: "lo", Priority: 5}}}
		}
	})
	e.ok("create", "-b", b, "cg-io")
	paths := e.savedState("cg-io").CgroupPaths
	dev := strconv.FormatInt(major, 10) + ":" + strconv.FormatInt(minor, 10)
	cases := []struct {
		file cgFile
		want string
	}{
		{weightFile(paths), "300"},
		{cgFile{paths, "blkio", "blkio.throttle.read_bps_device", "io.max"}, dev + " rbps=1048576"},
		{cgFile{paths, "blkio", "blkio.throttle.write_iops_device", "io.max"}, dev + " wiops=100"},
	}
	if _, ok := paths["net_cls"]; ok {
		cases = append(cases, []struct {
			file cgFile
			want string
		}{
			{cgFile{paths, "net_cls", "net_cls.classid", ""}, "1048577"},
			{cgFile{paths, "net_prio", "net_prio.ifpriomap", ""}, "lo 5"},
		}...)
	} else if v1, _ := cgroupMounts(t); v1 {
		t.Errorf("a v1 host, but no net_cls cgroup recorded: %v", paths)
	}
	for _, c := range cases {
		p, v2 := c.file.path(t)
		got := c.file.read(t)
		want := c.want
		switch {
		case !v2:
			want = strings.NewReplacer(" rbps=", " ", " wiops=", " ").Replace(want)
		case strings.HasSuffix(p, "/io.weight"):
			want = "default 2930" // blkio 300 on io.weight's scale: 1 + (300-10)*9999/990
		case strings.HasSuffix(p, "/io.max"):
			// One line per device holds every key: "254:0 rbps=1048576 wbps=max ...".
			if dev, kv, _ := strings.Cut(want, " "); !ioMaxHas(got, dev, kv) {
				t.Errorf("%s = %q, want %s to have %s", p, got, dev, kv)
			}
			continue
		}
		if !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to hold %q", p, got, want)
		}
	}
}

// ioMaxHas reports whether io.max content has key=value kv on dev's line.
func ioMaxHas(content, dev, kv string) bool {
	for _, l := range strings.Split(content, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == dev && slices.Contains(f[1:], kv) {
			return true
		}
	}
	return false
}

// weightFile is where the blkio weight lands: blkio.weight (CFQ) or
// blkio.bfq.weight on v1; io.bfq.weight on v2 when BFQ is there, else
// io.weight.
func weightFile(paths map[string]string) cgFile {
	f := cgFile{paths, "blkio", "blkio.bfq.weight", "io.bfq.weight"}
	if d, ok := paths["blkio"]; ok {
		if _, err := os.Stat(d + "/blkio.weight"); err == nil {
			f.v1name = "blkio.weight"
		}
	}
	if d, ok := paths[""]; ok && paths["blkio"] == "" {
		if _, err := os.Stat(d + "/io.bfq.weight"); err != nil {
			f.v2name = "io.weight"
		}
	}
	return f
}

// hostHasSwap reports whether /proc/swaps lists a swap area.
func hostHasSwap() bool {
	b, err := os.ReadFile("/proc/swaps")
	return err == nil && strings.Count(strings.TrimSpace(string(b)), "\n") > 0
}

// firstDisk is the device number of the first whole disk in
// /proc/partitions, for throttle rules.
func firstDisk(t *testing.T) (int64, int64) {
	t.Helper()
	b, err := os.ReadFile("/proc/partitions")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 4 && f[0] != "major" && !strings.HasPrefix(f[3], "loop") && !strings.HasPrefix(f[3], "ram") {
			major, _ := strconv.ParseInt(f[0], 10, 64)
			minor, _ := strconv.ParseInt(f[1], 10, 64)
			return major, minor
		}
	}
	t.Skip("no block device in /proc/partitions to throttle")
	return 0, 0
}

// lastTick is the last whole number a tick payload printed.
func lastTick(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	n, _ := strconv.Atoi(lines[len(lines)-1])
	return n
}

func TestCgroupPauseFreezesTheContainer(t *testing.T) {
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "tick", "10"}, nil)
	outPath := e.startDetached("cg-pause", b)
	paths := e.savedState("cg-pause").CgroupPaths
	if !waitFor(5*time.Second, func() bool { return lastTick(t, outPath) >= 5 }) {
		t.Fatal("the ticker never got going")
	}
	e.ok("pause", "cg-pause")
	if s := e.status("cg-pause"); s != "paused" {
		t.Fatalf("state after pause: %s", s)
	}
	frozenAt, cpu0 := lastTick(t, outPath), cpuUsage(t, paths)
	time.Sleep(500 * time.Millisecond)
	if n, cpu1 := lastTick(t, outPath), cpuUsage(t, paths); n != frozenAt || cpu1 != cpu0 {
		t.Errorf("paused container made progress: tick %d -> %d, CPU %v -> %v", frozenAt, n, cpu0, cpu1)
	}
	e.ok("resume", "cg-pause")
	if s := e.status("cg-pause"); s != "running" {
		t.Fatalf("state after resume: %s", s)
	}
	if !waitFor(5*time.Second, func() bool { return lastTick(t, outPath) > frozenAt+5 }) {
		t.Fatalf("resumed container made no progress past tick %d", frozenAt)
	}
	out, _ := os.ReadFile(outPath)
	if !strings.Contains(string(out), "\n"+strconv.Itoa(frozenAt+1)+"\n") {
		t.Errorf("after resume the ticker did not go on from %d", frozenAt)
	}
}

func TestCgroupDeleteLeavesNoCgroup(t *testing.T) {
	b := cgBundle(t, []string{"/bin/payload", "sleep", "inf"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.Pids = &specs.LinuxPids{Limit: i64p(32)}
		if v1, _ := cgroupMounts(t); v1 {
			r.Network = &specs.LinuxNetwork{ClassID: u32p(0x100002)}
		}
	})
	cases := []struct {
		name  string
		setup func(e *env, id string)
	}{
		{"created", func(e *env, id string) { e.ok("create", "-b", b, id) }},
		{"running, forced", func(e *env, id string) { e.startDetached(id, b) }},
		{"paused, forced", func(e *env, id string) { e.startDetached(id, b); e.ok("pause", id) }},
		{"killed", func(e *env, id string) {
			e.startDetached(id, b)
			e.ok("kill", id, "KILL")
			waitFor(5*time.Second, func() bool { return e.status(id) == "stopped" })
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, id := newEnv(t), "cg-del"+strconv.Itoa(i)
			c.setup(e, id)
			paths := e.savedState(id).CgroupPaths
			e.ok("delete", "--force", id)
			assertNoCgroups(t, paths)
		})
	}
}

// cgroupMounts reports whether this mount namespace has v1 hierarchies and
// a cgroup2 mount.
func cgroupMounts(t *testing.T) (v1, v2 bool) {
	t.Helper()
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), " - cgroup cgroup "), strings.Contains(string(b), " - cgroup2 ")
}

// TestCgroupLayoutMatchesTheHost checks that a container is placed in the
// hierarchies the mount namespace shows, and, when the CI says which layout
// it set up (CELL_TEST_CGROUP_LAYOUT=v1, v2 or hybrid), that it is that one.
func TestCgroupLayoutMatchesTheHost(t *testing.T) {
	e := newEnv(t)
	v1, v2 := cgroupMounts(t)
	want := map[[2]bool]string{{true, false}: "v1", {false, true}: "v2", {true, true}: "hybrid"}[[2]bool{v1, v2}]
	if l := os.Getenv("CELL_TEST_CGROUP_LAYOUT"); l != "" && l != want {
		t.Fatalf("CELL_TEST_CGROUP_LAYOUT=%s but the mounts show %q", l, want)
	}
	e.ok("create", "-b", cgBundle(t, []string{"/bin/payload", "true"}, nil), "cg-layout")
	paths := e.savedState("cg-layout").CgroupPaths
	if _, has := paths[""]; has != v2 {
		t.Errorf("%s layout: v2 directory recorded %v, want %v (paths %v)", want, has, v2, paths)
	}
	if _, has := paths["memory"]; has != v1 {
		t.Errorf("%s layout: v1 memory directory recorded %v, want %v (paths %v)", want, has, v1, paths)
	}
	t.Logf("%s layout: container cgroups %v", want, paths)
}

func TestCgroupFailedCreateLeavesNothing(t *testing.T) {
	cases := []struct {
		name, field string
		res         func(*specs.LinuxResources)
	}{
		{"checked before any cgroup", "linux.resources.blockIO.weight", func(r *specs.LinuxResources) {
			r.BlockIO = &specs.LinuxBlockIO{Weight: u16p(5000)}
		}},
		// pids is written, then the kernel (v1) refuses a realtime budget
		// over the whole machine's (950000 of each 1000000 µs), or cell
		// (v2) any realtime budget.
		{"refused after the cgroup was made", "linux.resources.cpu.realtimeRuntime", func(r *specs.LinuxResources) {
			r.CPU = &specs.LinuxCPU{RealtimeRuntime: i64p(960000)}
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, id := newEnv(t), "cg-fail"+strconv.Itoa(i)
			b := cgBundle(t, []string{"/bin/payload", "true"}, func(_ *specs.Spec, r *specs.LinuxResources) {
				r.Pids = &specs.LinuxPids{Limit: i64p(16)}
				c.res(r)
			})
			_, errs, code := e.cell("create", "-b", b, id)
			if code == 0 || !strings.Contains(errs, c.field) {
				t.Fatalf("create: exit %d %q, want an error naming %s", code, errs, c.field)
			}
			if _, err := os.Stat(e.root + "/" + id); !os.IsNotExist(err) {
				t.Errorf("failed create left its state directory (%v)", err)
			}
			for _, d := range []string{"/sys/fs/cgroup/pids/cell-" + id, "/sys/fs/cgroup/cpu/cell-" + id,
				"/sys/fs/cgroup/unified/cell-" + id, "/sys/fs/cgroup/cell-" + id} {
				if _, err := os.Stat(d); !os.IsNotExist(err) {
					t.Errorf("failed create left cgroup %s", d)
				}
			}
		})
	}
}

// After create the waiting init is in the container's cgroup in every
// hierarchy, and after start so is every thread of the container's
// process: the init enters its v1 hierarchies on the thread that execs the
// process (cgroups.Entry), and every thread the process starts is born
// there.
func TestCgroupInitAndEveryThreadInside(t *testing.T) {
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "sleep", "inf"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.Pids = &specs.LinuxPids{Limit: i64p(64)}
	})
	e.ok("create", "-b", b, "cg-threads")
	defer e.cell("delete", "--force", "cg-threads")
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", "cg-threads")), &st); err != nil {
		t.Fatal(err)
	}
	paths := e.savedState("cg-threads").CgroupPaths
	// in lists the threads (v1 tasks, v2 cgroup.threads) of one hierarchy.
	in := func(ctl, dir string) []string {
		file := "tasks"
		if ctl == "" {
			file = "cgroup.threads"
		}
		return strings.Fields(readFile(t, filepath.Join(dir, file)))
	}
	pid := strconv.Itoa(st.Pid)
	for ctl, dir := range paths {
		if !slices.Contains(in(ctl, dir), pid) {
			t.Errorf("created: init %s is not in %s", pid, dir)
		}
	}
	e.ok("start", "cg-threads")
	var tasks []os.DirEntry
	waitFor(5*time.Second, func() bool { // the payload runs and starts its threads
		if !strings.Contains(readFile(t, fmt.Sprintf("/proc/%d/cmdline", st.Pid)), "sleep") {
			return false
		}
		tasks, _ = os.ReadDir(fmt.Sprintf("/proc/%d/task", st.Pid))
		return len(tasks) >= 3
	})
	if len(tasks) < 3 {
		t.Fatalf("the payload has %d thread(s); a Go program has several", len(tasks))
	}
	for ctl, dir := range paths {
		have := in(ctl, dir)
		for _, task := range tasks {
			if !slices.Contains(have, task.Name()) {
				t.Errorf("running: thread %s of %d is not in %s (%v)", task.Name(), st.Pid, dir, have)
			}
		}
	}
}
