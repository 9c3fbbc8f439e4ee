package integration

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// These tests hold whatever the host's cgroup layout is (hybrid here, pure
// v2 in the tests/e2e/v2vm VM): each looks at what the limited process
// experiences, not at the files cell wrote.

func i64p(v int64) *int64 { return &v }

// withResources returns a spec change running args under r.
func withResources(r *specs.LinuxResources, a ...string) func(*specs.Spec) {
	return func(s *specs.Spec) {
		s.Process.Args = a
		r.Devices = append(s.Linux.Resources.Devices, r.Devices...)
		s.Linux.Resources = r
	}
}

// lastAllocated returns N of memhog's last "allocated N" line, or -1.
func lastAllocated(out string) int {
	m := regexp.MustCompile(`(?m)^allocated (\d+)$`).FindAllStringSubmatch(out, -1)
	if len(m) == 0 {
		return -1
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}

func TestLimitsMemory(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name   string
		mib    string
		killed bool
	}{
		{"under the limit", "16", false},
		{"past the limit", "128", true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			limit := int64(64 << 20)
			r := &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &limit, Swap: &limit}}
			b := testrootfs.Bundle(t, withResources(r, "/bin/payload", "memhog", c.mib))
			out, errs, code := e.cell("run", "-b", b, "lim-mem"+strconv.Itoa(i))
			got := lastAllocated(out)
			if !c.killed {
				if code != 0 || !strings.Contains(out, "holding") {
					t.Fatalf("memhog %s MiB under 64 MiB: exit %d, %q %s", c.mib, code, out, errs)
				}
				return
			}
			if code != 128+9 {
				t.Fatalf("memhog %s MiB under 64 MiB: exit %d, want 137 (SIGKILL by the OOM killer); %s", c.mib, code, errs)
			}
			if got < 32 || got >= 64 {
				t.Errorf("memhog reached %d MiB before the OOM kill, want 32..63", got)
			}
		})
	}
}

func TestLimitsPids(t *testing.T) {
	e := newEnv(t)
	limit := int64(64)
	r := &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: &limit}}
	b := testrootfs.Bundle(t, withResources(r, "/bin/payload", "forkbomb", "200"))
	out := e.ok("run", "-b", b, "lim-pids")
	m := regexp.MustCompile(`forked (\d+)`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "error EAGAIN") {
		t.Fatalf("forkbomb under pids 64: %q, want a stop on EAGAIN", out)
	}
	// The payload's own threads count too: it stops short of 64 children.
	if n, _ := strconv.Atoi(m[1]); n < 1 || n >= 64 {
		t.Errorf("forked %d children under pids 64", n)
	}
}

func TestLimitsDevices(t *testing.T) {
	e := newEnv(t)
	// The default spec denies every device; cell adds null, zero, ... and
	// this rule lets the container create, but not open, kmsg (1:11).
	r := &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{
		{Allow: true, Type: "c", Major: i64p(1), Minor: i64p(11), Access: "m"},
	}}
	steps := []struct{ cmd, want string }{
		{"open /dev/null rdwr", "ok"},
		{"mknod /dev/mem1 c 1 1", "EPERM"},
		{"mknod /dev/kmsg1 c 1 11", "ok"},
		{"open /dev/kmsg1 rdonly", "EPERM"},
	}
	var script []string
	for _, s := range steps {
		script = append(script, "/bin/payload "+s.cmd)
	}
	b := testrootfs.Bundle(t, withResources(r, "/bin/sh", "-c", strings.Join(script, "; ")))
	out, errs, _ := e.cell("run", "-b", b, "lim-dev")
	got := strings.Fields(out)
	if len(got) != len(steps) {
		t.Fatalf("output %q (%s), want one line per step", out, errs)
	}
	for i, s := range steps {
		if got[i] != s.want {
			t.Errorf("%s: %s, want %s", s.cmd, got[i], s.want)
		}
	}
}

func TestLimitsPauseStopsProgress(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo $i >/dev/shm/n; done"))
	e.ok("run", "-d", "-b", b, "lim-pause")
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", "lim-pause")), &st); err != nil {
		t.Fatal(err)
	}
	counter := func() int { // 0 while the file is missing or half written
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(st.Pid) + "/root/dev/shm/n")
		n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		return n
	}
	waitPast := func(n int) bool {
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if counter() > n {
				return true
			}
		}
		return false
	}
	if !waitPast(0) {
		t.Fatal("the counting loop never counted")
	}
	e.ok("pause", "lim-pause")
	before := counter()
	time.Sleep(300 * time.Millisecond)
	if after := counter(); after != before {
		t.Errorf("paused container counted from %d to %d", before, after)
	}
	e.ok("resume", "lim-pause")
	if !waitPast(before) {
		t.Errorf("resumed container never counted past %d", before)
	}
}

func TestLimitsSeenInside(t *testing.T) {
	e := newEnv(t)
	limit := int64(64 << 20)
	r := &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &limit}}
	b := testrootfs.Bundle(t, withResources(r, "/bin/sh", "-c",
		"cat /proc/self/cgroup; echo limit; cat /sys/fs/cgroup/memory.max 2>/dev/null || echo none"))
	out := e.ok("run", "-b", b, "lim-inside")
	own, limitOut, _ := strings.Cut(out, "limit\n")
	// The cgroup namespace is rooted at the container's cgroups.
	for _, l := range strings.Split(strings.TrimSpace(own), "\n") {
		if !strings.HasSuffix(l, ":/") {
			t.Errorf("/proc/self/cgroup inside: %q, want every path /", own)
			break
		}
	}
	// On pure v2 /sys/fs/cgroup is the container's own cgroup2 group.
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err != nil {
		return
	}
	if strings.TrimSpace(limitOut) != strconv.FormatInt(limit, 10) {
		t.Errorf("memory.max read inside %q, want %d", limitOut, limit)
	}
}
