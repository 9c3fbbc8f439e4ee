package integration

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vishvananda/netlink"

	"github.com/cell-runtime/cell/internal/network"
	"github.com/cell-runtime/cell/internal/network/link"
	"github.com/cell-runtime/cell/internal/network/nat"
	"github.com/cell-runtime/cell/internal/network/netns"
)

// TestNetPublishedPortFromAnotherNamespace publishes a container's port in
// a namespace standing in for the host and reaches it from the host's
// loopback and from a second namespace, a client routed to the host by a
// veth pair (10.213.93.0/30), through the host's address on that link.
func TestNetPublishedPortFromAnotherNamespace(t *testing.T) {
	e := newEnv(t)
	h := newNetHost(t, e, true)
	h.network("gpp", "10.213.92.0/24")
	a := h.attach("gp-pub1", "gpp", nat.Port{Proto: "tcp", HostPort: 18792, ContainerPort: 7000})
	runIn(t, e, "gp-pub1", a, "/bin/payload", "listen", "7000")
	echoFrom(h, "127.0.0.1:18792")

	client := gpClient(t, h, "10.213.93.1/30", "10.213.93.2/30")
	echoFrom(&netHost{t: t, path: client}, "10.213.93.1:18792")

	e.ok("delete", "--force", "gp-pub1")
	h.detachAndCheck("gp-pub1", a)
	h.noTable()
	if err := netns.Do(client, func() error { return echoOnce("10.213.93.1:18792") }); err == nil {
		t.Error("the published port still answers the client after delete")
	}
}

// gpClient makes a namespace joined to the host h by a veth pair, hostAddr
// on the host's end and clientAddr on the client's, with a default route
// through the host; it returns the namespace's path. Both go at cleanup.
func gpClient(t *testing.T, h *netHost, hostAddr, clientAddr string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "client")
	if err := netns.AddAt(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { netns.DeleteAt(path) }) // takes the veth pair with it
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := fmt.Sprintf("gpc%d", os.Getpid()%100000)
	h.do(func() error {
		v := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: name + "h"}, PeerName: name + "c", PeerNamespace: netlink.NsFd(int(f.Fd()))}
		if err := netlink.LinkAdd(v); err != nil {
			return fmt.Errorf("add veth %s: %w", name, err)
		}
		return gpAddrUp(name+"h", hostAddr)
	})
	err = netns.Do(path, func() error {
		if err := link.LoopbackUp(); err != nil {
			return err
		}
		if err := gpAddrUp(name+"c", clientAddr); err != nil {
			return err
		}
		gw, _, _ := net.ParseCIDR(hostAddr)
		return netlink.RouteAdd(&netlink.Route{Gw: gw})
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// gpAddrUp gives link name the address cidr and sets it up.
func gpAddrUp(name, cidr string) error {
	l, err := netlink.LinkByName(name)
	if err != nil {
		return err
	}
	addr, err := netlink.ParseAddr(cidr)
	if err != nil {
		return err
	}
	if err := netlink.AddrAdd(l, addr); err != nil {
		return fmt.Errorf("address %s on %s: %w", cidr, name, err)
	}
	return netlink.LinkSetUp(l)
}

// TestNetBridgedRunCycles runs `cell run --rm --net NET -p` of a container
// that prints its /etc/hosts, as many times as fit in about 30 seconds (at
// most 200), in a namespace standing in for the host. Every cycle must get
// the network's first address again, and afterwards no veth, lease,
// nftables table, namespace file or mount, or container is left.
func TestNetBridgedRunCycles(t *testing.T) {
	e := newEnv(t)
	h := newNetHost(t, e, true)
	if _, errs, code := h.cellIn(e, "network", "create", "gpcyc", "--subnet", "10.213.94.0/24"); code != 0 {
		t.Fatal(errs)
	}
	t.Cleanup(func() { h.cellIn(e, "network", "rm", "gpcyc") })
	cycles, start := 0, time.Now()
	for ; cycles < 200 && time.Since(start) < 30*time.Second; cycles++ {
		out, errs, code := h.cellIn(e, "run", "--rm", "--net", "gpcyc", "-p", "18794:7000", "--name", "gp-cyc", "--", "cat", "/etc/hosts")
		if code != 0 {
			t.Fatalf("cycle %d: exit %d: %s", cycles, code, errs)
		}
		if ip := hostsAddr(t, out, "gp-cyc"); ip != "10.213.94.2" {
			t.Fatalf("cycle %d: address %s, want the reused 10.213.94.2", cycles, ip)
		}
	}
	took := time.Since(start)
	t.Logf("%d cell run --rm cycles on a bridge in %v: %v each", cycles, took.Round(time.Millisecond), (took / time.Duration(cycles)).Round(time.Millisecond))
	if ents, _ := os.ReadDir(e.root); len(ents) != 1 || ents[0].Name() != "network" {
		t.Errorf("left under the state root: %v (want only the network directory)", ents)
	}
	gpNothingLeft(t, h, e)
}

// gpNothingLeft checks the host for what a bridged container leaves: links
// other than lo and the network's bridge, the cell nftables table, leases,
// namespace files and their mounts.
func gpNothingLeft(t *testing.T, h *netHost, e *env) {
	t.Helper()
	m := &network.Manager{Root: filepath.Join(e.root, "network")} // the command's, with its table
	var bridge string
	h.do(func() error {
		n, eps, err := m.Inspect("gpcyc")
		if err == nil && len(eps) != 0 {
			err = fmt.Errorf("endpoints left: %+v", eps)
		}
		bridge = n.Bridge
		return err
	})
	h.do(func() error {
		links, err := netlink.LinkList()
		for _, l := range links {
			if n := l.Attrs().Name; n != "lo" && n != bridge {
				return fmt.Errorf("link %s left behind (bridge %s)", n, bridge)
			}
		}
		return err
	})
	(&netHost{t: t, path: h.path, m: m}).noTable()
	if b, err := os.ReadFile(filepath.Join(m.Root, "leases", "gpcyc.json")); err == nil {
		var leases map[string]string
		if err := json.Unmarshal(b, &leases); err != nil || len(leases) != 0 {
			t.Errorf("leases left: %s (%v)", b, err)
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(m.Root, "netns")); len(ents) != 0 {
		t.Errorf("namespace files left: %v", ents)
	}
	if mi := readFile(t, "/proc/self/mountinfo"); strings.Contains(mi, filepath.Join(m.Root, "netns")) {
		t.Errorf("namespace mounts left under %s", filepath.Join(m.Root, "netns"))
	}
}
