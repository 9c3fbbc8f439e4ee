package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestPeopleNetworkModes(t *testing.T) {
	e := newEnv(t)
	netOf := func(flags ...string) string {
		t.Helper()
		out := e.ok(append(append([]string{"run", "--rm"}, flags...), "--", "readlink", "/proc/self/ns/net")...)
		return strings.TrimSpace(out)
	}
	host, _ := os.Readlink("/proc/self/ns/net")
	if got := netOf("--net", "host"); got != host {
		t.Errorf("--net host: %s, want the host's %s", got, host)
	}
	if got := netOf("--net", "none"); got == host {
		t.Errorf("--net none: shares the host's namespace")
	}
	out := e.people("--rm", "--", "sh", "-c", "cat /sys/class/net/lo/operstate; ls /sys/class/net")
	if out != "unknown\nlo\n" {
		t.Errorf("--net none: want only lo, up: %q", out)
	}
	e.people("-d", "--name", "pp-netpeer", "--", "sleep", "1000")
	t.Cleanup(func() { e.cell("rm", "-f", "pp-netpeer") })
	var st struct{ Pid int }
	b, _ := os.ReadFile(filepath.Join(e.root, "pp-netpeer", "state.json"))
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	peer, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", st.Pid))
	if got := netOf("--net", "container:pp-netpeer"); got != peer || got == host {
		t.Errorf("--net container:pp-netpeer: %s, want %s", got, peer)
	}
	netnsNames(t, 0) // only to undo the /run/netns mount the add makes
	e.ok("netns", "add", "pp-ns")
	t.Cleanup(func() { e.cell("netns", "delete", "pp-ns") })
	var ns syscall.Stat_t
	if err := syscall.Stat("/run/netns/pp-ns", &ns); err != nil {
		t.Fatal(err)
	}
	if got, want := netOf("--net", "ns:pp-ns"), fmt.Sprintf("net:[%d]", ns.Ino); got != want {
		t.Errorf("--net ns:pp-ns: %s, want %s", got, want)
	}
}
