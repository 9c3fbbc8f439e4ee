package network

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/vishvananda/netlink"
)

// hostLink adds a link with address cidr to the simulated host, as if
// other software used that network there: a veth pair, as kernels without
// dummy links have them too. It goes at cleanup.
func (f *fixture) hostLink(name, cidr string) {
	f.t.Helper()
	addr, err := netlink.ParseAddr(cidr)
	if err != nil {
		f.t.Fatal(err)
	}
	l := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: name}, PeerName: name + "p"}
	f.in(func() error {
		if err := netlink.LinkAdd(l); err != nil {
			return fmt.Errorf("add %s: %w", name, err)
		}
		return netlink.AddrAdd(l, addr)
	})
	f.t.Cleanup(func() { _ = netns.Do(f.host, func() error { return netlink.LinkDel(l) }) })
}

// otherRoot is the manager of a second cell state root on the simulated
// host, with a table of its own.
func (f *fixture) otherRoot() *Manager {
	return &Manager{Root: filepath.Join(f.t.TempDir(), "network"), Table: "celltest" + f.tag + "b"}
}

// attachTo attaches o with m in the simulated host; it is detached at
// cleanup.
func (f *fixture) attachTo(m *Manager, o AttachOptions) (*Attachment, error) {
	var a *Attachment
	err := netns.Do(f.host, func() (err error) { a, err = m.Attach(o); return err })
	if err == nil {
		f.t.Cleanup(func() { _ = netns.Do(f.host, func() error { return m.Detach(o.ID) }) })
	}
	return a, err
}

// TestCreateRefusesHostSubnet: a subnet overlapping an address on a host
// link is refused with an error naming both, and records nothing.
func TestCreateRefusesHostSubnet(t *testing.T) {
	f := newFixture(t)
	f.hostLink("nr-link"+f.tag, "10.213.70.1/24")
	for _, tc := range []struct {
		subnet string
		ok     bool
	}{
		{"10.213.70.0/24", false},
		{"10.213.0.0/16", false},
		{"10.213.70.128/25", false},
		{"10.213.70.0/30", false},
		{"10.213.71.0/24", true},
	} {
		err := netns.Do(f.host, func() error { _, err := f.m.Create("ov", tc.subnet, "nr-br"+f.tag); return err })
		if tc.ok {
			if err != nil {
				t.Errorf("%s: %v", tc.subnet, err)
			}
			f.in(func() error { return f.m.Remove("ov") })
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "subnet "+tc.subnet+" overlaps") || !strings.Contains(err.Error(), "nr-link"+f.tag) {
			t.Errorf("%s: %v, want an error naming the subnet and link nr-link%s", tc.subnet, err, f.tag)
		}
		if _, _, err := f.m.Inspect("ov"); !errors.Is(err, ErrNoNetwork) {
			t.Errorf("%s: network recorded after the refusal: %v", tc.subnet, err)
		}
	}
}

// TestConnectRefusesTakenSubnet: two roots record networks with the same
// subnet before either has a bridge; the second to connect is refused, and
// nothing of its attempt is left.
func TestConnectRefusesTakenSubnet(t *testing.T) {
	f := newFixture(t)
	m2 := f.otherRoot()
	f.network("tk", "10.213.72.0/24")
	f.in(func() error { _, err := m2.Create("tk", "10.213.72.0/24", "nr-br"+f.tag); return err })
	if _, err := f.attachTo(f.m, AttachOptions{ID: "c1", Network: "tk"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = netns.Do(f.host, func() error { return f.m.Remove("tk") }) })
	_, err := f.attachTo(m2, AttachOptions{ID: "c2", Network: "tk"})
	if err == nil || !strings.Contains(err.Error(), "overlaps address 10.213.72.1/24 of host link ctb"+f.tag+"tk") {
		t.Fatalf("second root's connect: %v, want the overlap with the first root's bridge", err)
	}
	f.in(func() error {
		if _, err := netlink.LinkByName("nr-br" + f.tag); err == nil {
			return errors.New("second root's bridge made despite the refusal")
		}
		return nil
	})
	if _, eps, err := m2.Inspect("tk"); err != nil || len(eps) != 0 {
		t.Errorf("second root's endpoints: %v, %v", eps, err)
	}
}

// TestBridgeOfAnotherRoot: a root cannot connect to a bridge another root
// made, and its `network rm` leaves that bridge to its owner.
func TestBridgeOfAnotherRoot(t *testing.T) {
	f := newFixture(t)
	m2 := f.otherRoot()
	br := "ctb" + f.tag + "sh"
	f.network("sh", "10.213.73.0/24")
	f.in(func() error { _, err := m2.Create("sh", "10.213.74.0/24", br); return err })
	a, err := f.attachTo(f.m, AttachOptions{ID: "c1", Network: "sh"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = netns.Do(f.host, func() error { return f.m.Remove("sh") }) })
	_, err = f.attachTo(m2, AttachOptions{ID: "c2", Network: "sh"})
	if err == nil || !strings.Contains(err.Error(), "bridge "+br+" belongs to "+f.m.owner()) {
		t.Fatalf("second root's connect: %v, want a refusal naming the owner", err)
	}
	f.in(func() error { return m2.Remove("sh") })
	f.in(func() error {
		l, err := netlink.LinkByName(br)
		if err != nil {
			return err
		}
		if addrs, _ := netlink.AddrList(l, netlink.FAMILY_V4); len(addrs) != 1 || addrs[0].IPNet.String() != "10.213.73.1/24" {
			return errors.New("second root changed the first root's bridge")
		}
		return nil
	})
	echoServer(t, f.host, 17010)
	if err := echo(a.NetnsPath, "10.213.73.1:17010"); err != nil {
		t.Errorf("first root's container to its gateway: %v", err)
	}
}
