package integration

import (
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vishvananda/netlink"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// nrNetwork is what `cell network inspect` prints, in part.
type nrNetwork struct {
	Bridge    string `json:"bridge"`
	Subnet    string `json:"subnet"`
	Endpoints []struct {
		ID      string `json:"id"`
		IP      net.IP `json:"ip"`
		Gateway net.IP `json:"gateway"`
	} `json:"endpoints"`
}

// TestNrDefaultNetworkPerRoot runs a container on the default network of
// two state roots at once on one host (a namespace standing in for it):
// each root has a bridge of its own, marked with its root, and a subnet
// apart from the other's; each container pings its own gateway; and the
// second root refuses a network on the subnet of the first one's bridge.
func TestNrDefaultNetworkPerRoot(t *testing.T) {
	a, b := newEnv(t), newEnv(t)
	h := newNetHost(t, a, true)
	rootfs := t.TempDir()
	if err := testrootfs.Populate(rootfs); err != nil {
		t.Fatal(err)
	}
	var nets [2]nrNetwork
	for i, e := range []*env{a, b} {
		id := fmt.Sprintf("nr-def%d", i+1)
		if _, errs, code := h.cellIn(e, "run", "-d", "--name", id, rootfs, "--", "sleep", "1000"); code != 0 {
			t.Fatalf("run %s: %s", id, errs)
		}
		t.Cleanup(func() { h.cellIn(e, "rm", "-f", id) })
		nets[i] = inspectNr(t, h, e, "cell")
		n := nets[i]
		if len(n.Endpoints) != 1 || n.Endpoints[0].ID != id {
			t.Fatalf("root %d: default network %+v, want %s on it", i+1, n, id)
		}
		_, sub, err := net.ParseCIDR(n.Subnet)
		if err != nil || !sub.Contains(n.Endpoints[0].IP) || !sub.Contains(n.Endpoints[0].Gateway) {
			t.Fatalf("root %d: %+v: address or gateway outside the subnet (%v)", i+1, n, err)
		}
		if ip := hostsAddr(t, h.ok(e, "exec", id, "cat", "/etc/hosts"), id); ip != n.Endpoints[0].IP.String() {
			t.Errorf("root %d: /etc/hosts gives %s %s, want %s", i+1, id, ip, n.Endpoints[0].IP)
		}
		if _, errs, code := h.cellIn(e, "exec", id, "ping", "-c", "1", "-W", "2", n.Endpoints[0].Gateway.String()); code != 0 {
			t.Errorf("root %d: %s cannot ping its gateway %s: %s", i+1, id, n.Endpoints[0].Gateway, errs)
		}
		h.do(func() error {
			br, err := netlink.LinkByName(n.Bridge)
			if err == nil && br.Attrs().Alias != filepath.Join(e.root, "network") {
				err = fmt.Errorf("bridge %s is marked %q, want root %d's", n.Bridge, br.Attrs().Alias, i+1)
			}
			return err
		})
	}
	t.Logf("default networks: %s %s and %s %s", nets[0].Bridge, nets[0].Subnet, nets[1].Bridge, nets[1].Subnet)
	_, s1, _ := net.ParseCIDR(nets[0].Subnet)
	_, s2, _ := net.ParseCIDR(nets[1].Subnet)
	if nets[0].Bridge == nets[1].Bridge || s1.Contains(s2.IP) || s2.Contains(s1.IP) {
		t.Fatalf("two roots' default networks share a bridge or addresses: %s %s and %s %s",
			nets[0].Bridge, s1, nets[1].Bridge, s2)
	}

	_, errs, code := h.cellIn(b, "network", "create", "nr-ov", "--subnet", nets[0].Subnet, "--bridge", "nr-ov0")
	if code == 0 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, nets[0].Subnet) || !strings.Contains(errs, nets[0].Bridge) {
		t.Errorf("network create on root 1's subnet: exit %d, %q; want one line naming %s and %s", code, errs, nets[0].Subnet, nets[0].Bridge)
	}
	if out := h.ok(b, "network", "ls"); strings.Contains(out, "nr-ov") {
		t.Errorf("refused network listed:\n%s", out)
	}
}

// inspectNr returns network name of e's root.
func inspectNr(t *testing.T, h *netHost, e *env, name string) nrNetwork {
	t.Helper()
	var n nrNetwork
	if err := json.Unmarshal([]byte(h.ok(e, "network", "inspect", name)), &n); err != nil {
		t.Fatalf("network inspect %s: %v", name, err)
	}
	return n
}

// ok runs cell in the host's network namespace and fails the test unless
// it exits 0.
func (h *netHost) ok(e *env, args ...string) string {
	h.t.Helper()
	out, errs, code := h.cellIn(e, args...)
	if code != 0 {
		h.t.Fatalf("cell %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}
