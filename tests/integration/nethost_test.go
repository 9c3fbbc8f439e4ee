package integration

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/nftables"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/vishvananda/netlink"

	"github.com/cell-runtime/cell/internal/network"
	"github.com/cell-runtime/cell/internal/network/link"
	"github.com/cell-runtime/cell/internal/network/nat"
	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/cell-runtime/cell/tests/testrootfs"
)

// netHost is where the bridges, veth host ends and nftables rules live:
// the real host (path "") or a namespace the test made to stand in for it.
type netHost struct {
	t    *testing.T
	path string
	m    *network.Manager
}

// newNetHost returns the real host, or with simulated a fresh namespace
// with loopback up and ip_forward on (a per-namespace sysctl: this
// machine's own ip_forward is 0, which would keep networks apart whatever
// the rules say). Its manager keeps state under the env's root and owns a
// table of the test's own.
func newNetHost(t *testing.T, e *env, simulated bool) *netHost {
	h := &netHost{t: t, m: &network.Manager{Root: filepath.Join(e.root, "network"), Table: fmt.Sprintf("celltest%d", os.Getpid())}}
	if !simulated {
		return h
	}
	h.path = filepath.Join(t.TempDir(), "host")
	if err := netns.AddAt(h.path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { netns.DeleteAt(h.path) })
	h.do(func() error {
		if err := link.LoopbackUp(); err != nil {
			return err
		}
		return os.WriteFile("/proc/sys/net/ipv4/ip_forward", []byte("1"), 0o644)
	})
	return h
}

// do runs fn in the host's network namespace and fails the test on error.
func (h *netHost) do(fn func() error) {
	h.t.Helper()
	var err error
	if h.path == "" {
		err = fn()
	} else {
		err = netns.Do(h.path, fn)
	}
	if err != nil {
		h.t.Fatal(err)
	}
}

// network creates a network whose bridge is removed at cleanup.
func (h *netHost) network(name, subnet string) {
	h.t.Helper()
	h.do(func() error {
		_, err := h.m.Create(name, subnet, fmt.Sprintf("cn%d%s", os.Getpid()%100000, name))
		return err
	})
	h.t.Cleanup(func() { h.do(func() error { return h.m.Remove(name) }) })
}

// attach networks container id and detaches it at cleanup.
func (h *netHost) attach(id, nw string, ports ...nat.Port) *network.Attachment {
	h.t.Helper()
	var a *network.Attachment
	h.do(func() (err error) {
		a, err = h.m.Attach(network.AttachOptions{ID: id, Network: nw, Ports: ports})
		return err
	})
	h.t.Cleanup(func() { h.do(func() error { return h.m.Detach(id) }) })
	return a
}

// runIn runs container id in the attachment's namespace with args, after
// writing the attachment's /etc/hosts into its root filesystem.
func runIn(t *testing.T, e *env, id string, a *network.Attachment, args ...string) {
	t.Helper()
	b := testrootfs.Bundle(t, func(s *specs.Spec) {
		s.Process.Args = args
		for i, ns := range s.Linux.Namespaces {
			if ns.Type == specs.NetworkNamespace {
				s.Linux.Namespaces[i].Path = a.NetnsPath
			}
		}
	})
	if err := os.WriteFile(filepath.Join(b, "rootfs/etc/hosts"), []byte(a.Hosts), 0o644); err != nil {
		t.Fatal(err)
	}
	e.ok("run", "-d", "-b", b, id)
}

// reachable reports whether container id can ping ip and exchange a line
// with its echo server on port.
func reachable(e *env, id string, ip net.IP, port int) (ping, tcp bool) {
	_, _, code := e.cell("exec", id, "ping", "-c", "1", "-W", "2", ip.String())
	out, _, tcode := e.cell("exec", id, "/bin/payload", "connect", fmt.Sprintf("%s:%d", ip, port), "hi")
	return code == 0, tcode == 0 && out == "hi\n"
}

// echoFrom dials addr from the host and checks that a line comes back.
func echoFrom(h *netHost, addr string) {
	h.t.Helper()
	h.do(func() error {
		var err error
		for i := 0; i < 50; i++ { // the server in the container may still be starting
			if err = echoOnce(addr); err == nil {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Errorf("published port %s: %w", addr, err)
	})
}

func echoOnce(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	fmt.Fprintln(c, "hello")
	line, err := bufio.NewReader(c).ReadString('\n')
	if err == nil && line != "hello\n" {
		err = fmt.Errorf("echo returned %q", line)
	}
	return err
}

// detachAndCheck detaches id and checks that its veth, namespace file,
// endpoint and lease are gone.
func (h *netHost) detachAndCheck(id string, a *network.Attachment) {
	h.t.Helper()
	h.do(func() error { return h.m.Detach(id) })
	h.do(func() error {
		if _, err := netlink.LinkByName(a.HostVeth); err == nil {
			return fmt.Errorf("veth %s of %s left behind", a.HostVeth, id)
		}
		return nil
	})
	if _, err := os.Lstat(a.NetnsPath); !os.IsNotExist(err) {
		h.t.Errorf("namespace file of %s left: %v", id, err)
	}
	_, eps, err := h.m.Inspect(a.Network)
	for _, ep := range eps {
		if ep.ID == id || err != nil {
			h.t.Errorf("endpoint of %s left: %v", id, err)
		}
	}
	leases, _ := os.ReadFile(filepath.Join(h.m.Root, "leases", a.Network+".json"))
	if strings.Contains(string(leases), `"`+id+`"`) {
		h.t.Errorf("lease of %s left: %s", id, leases)
	}
}

// noTable checks that the manager's nftables table is gone, as it is once
// no container is attached.
func (h *netHost) noTable() {
	h.t.Helper()
	h.do(func() error {
		c, err := nftables.New()
		if err != nil {
			return err
		}
		tables, err := c.ListTables()
		for _, tb := range tables {
			if tb.Name == h.m.TableName() {
				return fmt.Errorf("nft table %s left behind", tb.Name)
			}
		}
		return err
	})
}

// cellIn runs cell in the host's network namespace (util-linux nsenter:
// the mount namespace must stay the test's, where the namespace files are
// bound) and returns stdout, stderr and the exit status.
func (h *netHost) cellIn(e *env, args ...string) (string, string, int) {
	cmd := exec.Command("nsenter", append([]string{"--net=" + h.path, cellBin, "--root", e.root}, args...)...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatal(err)
	}
	return out.String(), errb.String(), code
}
