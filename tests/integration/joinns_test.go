package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

func statePid(t *testing.T, e *env, id string) int {
	t.Helper()
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", id)), &st); err != nil {
		t.Fatal(err)
	}
	return st.Pid
}

// TestJoinNamespacesByPath runs a second container in the network and ipc
// namespaces of a first, as the containers of a pod share them, and its
// own pid, uts and mount namespaces.
func TestJoinNamespacesByPath(t *testing.T) {
	e := newEnv(t)
	infra := testrootfs.Bundle(t, args("/bin/payload", "sleep", "inf"))
	e.ok("run", "-d", "-b", infra, "core-pod1")
	pid := itoa(statePid(t, e, "core-pod1"))
	b := testrootfs.Bundle(t, with(args("/bin/payload", "ns"), func(s *specs.Spec) {
		for i, ns := range s.Linux.Namespaces {
			switch ns.Type {
			case specs.NetworkNamespace:
				s.Linux.Namespaces[i].Path = "/proc/" + pid + "/ns/net"
			case specs.IPCNamespace:
				s.Linux.Namespaces[i].Path = "/proc/" + pid + "/ns/ipc"
			}
		}
	}))
	var inside map[string]string
	if err := json.Unmarshal([]byte(e.ok("run", "-b", b, "core-pod2")), &inside); err != nil {
		t.Fatal(err)
	}
	for ns, shared := range map[string]bool{"net": true, "ipc": true, "pid": false, "uts": false, "mnt": false} {
		infraNS, _ := os.Readlink("/proc/" + pid + "/ns/" + ns)
		if (inside[ns] == infraNS) != shared {
			t.Errorf("%s namespace %q, the first container's %q: want shared=%v", ns, inside[ns], infraNS, shared)
		}
	}
	e.ok("delete", "--force", "core-pod1")
	assertGone(t, e, "core-pod1")
	assertGone(t, e, "core-pod2")
}

// TestTimeNamespace shifts the boot clock by ten days inside.
func TestTimeNamespace(t *testing.T) {
	e := newEnv(t)
	out := e.runOut("core-time1", with(args("/bin/payload", "uptime"), func(s *specs.Spec) {
		s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.TimeNamespace})
		s.Linux.TimeOffsets = map[string]specs.LinuxTimeOffset{
			"boottime": {Secs: 10 * 86400}, "monotonic": {Secs: 10 * 86400},
		}
	}))
	var inside float64
	if _, err := fmt.Sscan(out, &inside); err != nil {
		t.Fatalf("uptime %q: %v", out, err)
	}
	host := hostUptime(t)
	if inside < host+10*86400-60 || inside > host+10*86400+60 {
		t.Errorf("uptime inside %.0f s, host %.0f s: want ten days more", inside, host)
	}
}

func hostUptime(t *testing.T) float64 {
	t.Helper()
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		t.Fatal(err)
	}
	var v float64
	if _, err := fmt.Sscan(string(b), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
