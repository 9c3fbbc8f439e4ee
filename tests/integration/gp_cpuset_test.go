package integration

import (
	"encoding/json"
	"fmt"
	"maps"
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

// TestCgroupCpusetPlacementOverTime pins a container to one CPU and keeps
// four of its threads busy for half a second: getcpu(2) inside and field 39 of
// /proc/PID/task/*/stat outside, sampled all along, must name only that
// CPU, for CPU 0 and for CPU 1.
func TestCgroupCpusetPlacementOverTime(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("needs 2 CPUs to pin to CPU 0 and to CPU 1")
	}
	e := newEnv(t)
	for _, cpu := range []string{"0", "1"} {
		id := "gp-cpuset" + cpu
		b := cgBundle(t, []string{"/bin/payload", "cpuseen", "0.5", "4"}, func(_ *specs.Spec, r *specs.LinuxResources) {
			r.CPU = &specs.LinuxCPU{Cpus: cpu, Mems: "0"}
		})
		outPath := e.startDetached(id, b)
		outside, samples := map[string]bool{}, 0
		for pid := gpPid(t, e, id); !strings.Contains(readFile(t, outPath), "seen"); time.Sleep(10 * time.Millisecond) {
			for _, c := range gpTaskCPUs(pid) {
				outside[c] = true
				samples++
			}
		}
		inside := strings.TrimSpace(readFile(t, outPath))
		t.Logf("cpuset %s: the container says %q; %d samples of its threads' last CPU show %v", cpu, inside, samples, slices.Sorted(maps.Keys(outside)))
		if inside != "seen "+cpu {
			t.Errorf("cpuset %s: the container's threads ran on CPUs %q", cpu, inside)
		}
		if samples == 0 || len(outside) != 1 || !outside[cpu] {
			t.Errorf("cpuset %s: /proc shows the threads on CPUs %v (%d samples)", cpu, outside, samples)
		}
		e.ok("delete", "--force", id)
	}
}

// gpPid is the container's init pid as `cell state` prints it.
func gpPid(t *testing.T, e *env, id string) int {
	t.Helper()
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", id)), &st); err != nil {
		t.Fatal(err)
	}
	return st.Pid
}

// gpTaskCPUs is field 39 (the CPU last run on) of every running thread of
// pid; none once it is gone. A sleeping thread's figure can date from
// before the cpuset applied (a runtime thread parked since the start).
func gpTaskCPUs(pid int) []string {
	stats, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
	var cpus []string
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// Fields from 3 (state) on follow the ")" closing the command name.
		if f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:])); len(f) > 36 && f[0] == "R" {
			cpus = append(cpus, f[36])
		}
	}
	return cpus
}

// TestCgroupHugetlbLimit gives a container a hugetlb limit of one 2 MiB
// page. Where the host has a hugetlb controller, the limit file holds it
// and, when at least two huge pages are free, one page maps and two are
// refused; with none free both fail with ENOMEM. Without a hugetlb
// controller (pure v1 without a hugetlb hierarchy), create fails naming
// the field and leaves nothing.
func TestCgroupHugetlbLimit(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/hugepages/hugepages-2048kB"); err != nil {
		t.Skip("no 2 MiB huge pages on this kernel")
	}
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "sleep", "inf"}, func(_ *specs.Spec, r *specs.LinuxResources) {
		r.HugepageLimits = []specs.LinuxHugepageLimit{{Pagesize: "2MB", Limit: 2 * mib}}
	})
	if !gpHasHugetlb(t) {
		_, errs, code := e.cell("create", "-b", b, "gp-huge")
		if code == 0 || !strings.Contains(errs, "linux.resources.hugepageLimits") {
			t.Fatalf("no hugetlb controller, yet create: exit %d %q; want an error naming linux.resources.hugepageLimits", code, errs)
		}
		assertEmptyRoot(t, e)
		return
	}
	e.startDetached("gp-huge", b)
	paths := e.savedState("gp-huge").CgroupPaths
	limit := cgFile{paths, "hugetlb", "hugetlb.2MB.limit_in_bytes", "hugetlb.2MB.max"}
	if got := limit.read(t); got != strconv.Itoa(2*mib) {
		t.Errorf("hugetlb limit file = %q, want %d", got, 2*mib)
	}
	free := gpFreeHugePages(t)
	cases := []struct {
		mib  string
		want []string // what payload hugemap prints, or "killed" for SIGBUS
	}{
		{"2", []string{"ok"}},
		{"4", []string{"ENOMEM", "killed"}}, // refused at mmap (rsvd limit) or at the fault
	}
	if free < 2 {
		t.Logf("%d free huge pages (vm.nr_hugepages is the host's): the kernel refuses for want of pages before the limit is reached", free)
		cases[0].want = []string{"ENOMEM"}
	}
	for _, c := range cases {
		out, errs, code := e.cell("exec", "gp-huge", "/bin/payload", "hugemap", c.mib)
		got := strings.TrimSpace(out)
		if code == 135 {
			got = "killed"
		}
		t.Logf("hugemap %s MiB under a 2 MiB limit, %d huge pages free: %s", c.mib, free, got)
		if !slices.Contains(c.want, got) {
			t.Errorf("hugemap %s MiB under a 2 MiB limit (%d pages free): %q exit %d %s; want one of %v", c.mib, free, out, code, errs, c.want)
		}
	}
}

// gpHasHugetlb reports whether this mount namespace has a hugetlb
// controller: a v1 hierarchy, or the cgroup2 root's controllers.
func gpHasHugetlb(t *testing.T) bool {
	t.Helper()
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		sep := slices.Index(f, "-")
		if sep < 0 || len(f) < sep+4 {
			continue
		}
		switch f[sep+1] {
		case "cgroup":
			if slices.Contains(strings.Split(f[sep+3], ","), "hugetlb") {
				return true
			}
		case "cgroup2":
			if c, _ := os.ReadFile(filepath.Join(f[4], "cgroup.controllers")); slices.Contains(strings.Fields(string(c)), "hugetlb") {
				return true
			}
		}
	}
	return false
}

// gpFreeHugePages is the number of free 2 MiB huge pages.
func gpFreeHugePages(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}
