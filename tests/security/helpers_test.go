package security

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/security"
)

// state returns the container's OCI state, or ok false when cell has none.
func (e *env) state(id string) (specs.State, bool) {
	out, _, code := e.cell("state", id)
	var st specs.State
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil {
		return st, false
	}
	return st, true
}

// waitStatus waits up to ten seconds for id to reach status and returns
// its state.
func (e *env) waitStatus(id string, status specs.ContainerState) specs.State {
	e.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if st, ok := e.state(id); ok && st.Status == status {
			return st
		}
	}
	e.t.Fatalf("%s never became %s", id, status)
	return specs.State{}
}

// hostCaps are the capabilities in this process's bounding set: the most
// a container can be given.
func hostCaps(t *testing.T) []string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	var mask uint64
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "CapBnd:\t"); ok {
			mask, _ = strconv.ParseUint(v, 16, 64)
		}
	}
	var out []string
	for c := security.Cap(0); c <= security.LastCap(); c++ {
		if mask&(1<<c) != 0 {
			out = append(out, c.String())
		}
	}
	return out
}

// allCaps gives the process every capability the host can give: the
// strongest attacker a container can hold.
func allCaps(t *testing.T) func(*specs.Spec) {
	caps := hostCaps(t)
	return func(s *specs.Spec) {
		s.Process.Capabilities = &specs.LinuxCapabilities{
			Bounding: caps, Effective: caps, Permitted: caps,
		}
	}
}

// userns puts the container in a new user namespace with root mapped to
// 100000 (65536 ids) and drops the cgroup v1 mount and cgroup namespace,
// which cell does not make in a user namespace on this host.
func userns(s *specs.Spec) {
	var nss []specs.LinuxNamespace
	for _, ns := range s.Linux.Namespaces {
		if ns.Type != specs.CgroupNamespace {
			nss = append(nss, ns)
		}
	}
	s.Linux.Namespaces = append(nss, specs.LinuxNamespace{Type: specs.UserNamespace})
	s.Linux.UIDMappings = []specs.LinuxIDMapping{{ContainerID: 0, HostID: 100000, Size: 65536}}
	s.Linux.GIDMappings = []specs.LinuxIDMapping{{ContainerID: 0, HostID: 100000, Size: 65536}}
	var mounts []specs.Mount
	for _, m := range s.Mounts {
		if m.Type != "cgroup" {
			mounts = append(mounts, m)
		}
	}
	s.Mounts = mounts
}

// both applies every change in order.
func both(cfgs ...func(*specs.Spec)) func(*specs.Spec) {
	return func(s *specs.Spec) {
		for _, c := range cfgs {
			c(s)
		}
	}
}

// lines splits output into non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
