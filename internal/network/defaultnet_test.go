package network

import (
	"fmt"
	"net"
	"testing"

	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/vishvananda/netlink"
)

func TestFreeSubnet(t *testing.T) {
	cidrs := func(ss ...string) []*net.IPNet {
		var out []*net.IPNet
		for _, s := range ss {
			ip, n, err := net.ParseCIDR(s)
			if err != nil {
				t.Fatal(err)
			}
			n.IP = ip // as a host address is listed: 10.89.5.7/24
			out = append(out, n)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		start int
		used  []*net.IPNet
		want  string // "" for an error
	}{
		{"nothing used", 1, nil, "10.89.1.0/24"},
		{"from the start index", 42, nil, "10.89.42.0/24"},
		{"default root's subnet is not in the range", 1, cidrs("10.89.0.1/24"), "10.89.1.0/24"},
		{"host address in the first", 5, cidrs("10.89.5.7/24"), "10.89.6.0/24"},
		{"host /32 in the first", 5, cidrs("10.89.5.200/32"), "10.89.6.0/24"},
		{"half of the first", 5, cidrs("10.89.5.128/25"), "10.89.6.0/24"},
		{"several in a row", 5, cidrs("10.89.5.1/24", "10.89.6.0/23", "10.89.9.0/24"), "10.89.8.0/24"},
		{"wraps around", 255, cidrs("10.89.255.1/24"), "10.89.1.0/24"},
		{"other networks", 7, cidrs("192.0.2.2/24", "127.0.0.1/8", "10.90.7.0/24"), "10.89.7.0/24"},
		{"a wider network covers all", 7, cidrs("10.89.0.0/16"), ""},
		{"10/8 covers all", 7, cidrs("10.1.2.3/8"), ""},
	} {
		got, err := freeSubnet(tc.start, tc.used)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%s: got %s, want an error", tc.name, got)
		case tc.want != "" && (err != nil || got.String() != tc.want):
			t.Errorf("%s: got %v, %v, want %s", tc.name, got, err, tc.want)
		}
	}
}

func TestDefaultNetworkOfTheDefaultRoot(t *testing.T) {
	m := &Manager{Root: "/run/cell/network"}
	n, sub, err := m.defaultNetwork()
	if err != nil || n != (Network{Name: DefaultNetwork, Bridge: DefaultBridge, Subnet: DefaultSubnet}) || sub.String() != DefaultSubnet {
		t.Fatalf("default root: %+v, %v, %v", n, sub, err)
	}
}

// TestDefaultNetworkPerRoot puts a container with the same id on the
// default network of two roots, where the first root's preferred subnet is
// taken by another link: each root gets a bridge of its own and a free
// subnet it keeps, each container reaches its gateway, and one root's
// detach leaves the other's container alone.
func TestDefaultNetworkPerRoot(t *testing.T) {
	f := newFixture(t)
	m1, m2 := f.m, f.otherRoot()
	taken := fmt.Sprintf("10.89.%d.0/24", m1.rootHash()%255+1)
	f.hostLink("nr-link"+f.tag, fmt.Sprintf("10.89.%d.7/24", m1.rootHash()%255+1))
	var nets [2]Network
	var atts [2]*Attachment
	for i, m := range []*Manager{m1, m2} {
		a, err := f.attachTo(m, AttachOptions{ID: "c1", Network: "bridge"})
		if err != nil {
			t.Fatalf("root %d: %v", i+1, err)
		}
		t.Cleanup(func() { _ = netns.Do(f.host, func() error { return m.Remove(DefaultNetwork) }) })
		atts[i] = a
		if nets[i], err = m.readNetwork(DefaultNetwork); err != nil {
			t.Fatal(err)
		}
		if a.Network != DefaultNetwork || nets[i].Bridge != m.rootTag() {
			t.Errorf("root %d: attached to %q on bridge %q, want %q on %q", i+1, a.Network, nets[i].Bridge, DefaultNetwork, m.rootTag())
		}
		_, sub, _ := net.ParseCIDR(nets[i].Subnet)
		if !sub.Contains(a.IP) || !sub.Contains(a.Gateway) {
			t.Errorf("root %d: address %s, gateway %s outside %s", i+1, a.IP, a.Gateway, sub)
		}
		echoServer(t, f.host, 17000+i)
		if err := echo(a.NetnsPath, fmt.Sprintf("%s:%d", a.Gateway, 17000+i)); err != nil {
			t.Errorf("root %d: container to its gateway: %v", i+1, err)
		}
	}
	_, s1, _ := net.ParseCIDR(nets[0].Subnet)
	_, s2, _ := net.ParseCIDR(nets[1].Subnet)
	if nets[0].Bridge == nets[1].Bridge || overlaps(s1, s2) || nets[0].Subnet == taken {
		t.Fatalf("roots got %+v and %+v; %s is taken by a host link", nets[0], nets[1], taken)
	}
	if atts[0].HostVeth == atts[1].HostVeth {
		t.Fatalf("both containers c1 have veth %s", atts[0].HostVeth)
	}

	// The second root's detach of c1 leaves the first root's c1 alone, and
	// the choice survives the last container.
	f.in(func() error { return m2.Detach("c1") })
	f.in(func() error {
		_, err := netlink.LinkByName(atts[0].HostVeth)
		return err
	})
	f.in(func() error { return m1.Detach("c1") })
	for i, m := range []*Manager{m1, m2} {
		if n, err := m.readNetwork(DefaultNetwork); err != nil || n != nets[i] {
			t.Errorf("root %d after detach: %+v, %v, want %+v", i+1, n, err, nets[i])
		}
	}
}
