package integration

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestPeopleBridge runs an echo server with `cell run -d --net NET -p` and
// reaches it from a second container on the same network by its address
// and from the host's loopback through the published port; after rm
// nothing of either container's network is left.
func TestPeopleBridge(t *testing.T) {
	e := newEnv(t)
	payload, err := testrootfs.Payload()
	if err != nil {
		t.Fatal(err)
	}
	e.ok("network", "create", "ppnet", "--subnet", "10.77.0.0/24")
	t.Cleanup(func() { e.cell("network", "rm", "ppnet") })
	vol := payload + ":/payload:ro"
	e.ok("run", "-d", "--name", "pp-srv", "--net", "ppnet", "-p", "18187:7000", "-v", vol, "--", "/payload", "listen", "7000")
	mustWait(t, func() bool { out, _, _ := e.cell("logs", "pp-srv"); return strings.Contains(out, "listening") })

	ip := hostsAddr(t, e.ok("exec", "pp-srv", "cat", "/etc/hosts"), "pp-srv")
	if !strings.HasPrefix(ip, "10.77.0.") {
		t.Fatalf("pp-srv has address %q, want one in 10.77.0.0/24", ip)
	}
	out := e.ok("run", "--rm", "--net", "ppnet", "-v", vol, "--", "/payload", "connect", ip+":7000", "across")
	if !strings.Contains(out, "across") {
		t.Errorf("container to container: %q, want the echo", out)
	}
	if got := loopbackEcho(t, "127.0.0.1:18187", "published"); got != "published" {
		t.Errorf("host loopback to published port: %q", got)
	}

	veth := strings.TrimSpace(e.ok("state", "pp-srv"))
	e.ok("rm", "-f", "pp-srv")
	if strings.Contains(veth, `"run.cell.veth"`) {
		name := between(veth, `"run.cell.veth": "`, `"`)
		if _, err := net.InterfaceByName(name); err == nil {
			t.Errorf("veth %s left after rm", name)
		}
	} else {
		t.Errorf("state has no run.cell.veth annotation: %s", veth)
	}
	if ents, _ := os.ReadDir(e.root + "/network/netns"); len(ents) != 0 {
		t.Errorf("namespace files left after rm: %v", ents)
	}
	if _, err := net.DialTimeout("tcp", "127.0.0.1:18187", time.Second); err == nil {
		t.Error("published port still answers after rm")
	}
}

// hostsAddr returns the address /etc/hosts gives name.
func hostsAddr(t *testing.T, hosts, name string) string {
	t.Helper()
	for _, line := range strings.Split(hosts, "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[1] == name {
			return f[0]
		}
	}
	t.Fatalf("no %s in /etc/hosts:\n%s", name, hosts)
	return ""
}

// loopbackEcho sends msg to the echo server at addr and returns the reply.
func loopbackEcho(t *testing.T, addr, msg string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintln(c, msg)
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatalf("read from %s: %v", addr, err)
	}
	return strings.TrimSpace(line)
}

func between(s, start, end string) string {
	_, after, _ := strings.Cut(s, start)
	v, _, _ := strings.Cut(after, end)
	return v
}
