package network

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/internal/network/nat"
	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/google/nftables"
	"github.com/vishvananda/netlink"
)

func (f *fixture) attach(o AttachOptions) (*Attachment, error) {
	var a *Attachment
	err := netns.Do(f.host, func() (err error) { a, err = f.m.Attach(o); return err })
	return a, err
}

func (f *fixture) detach(id string) {
	f.t.Helper()
	f.in(func() error { return f.m.Detach(id) })
}

func TestAttachDetach(t *testing.T) {
	f := newFixture(t)
	f.network("at", "10.213.63.0/24")
	resolv := t.TempDir() + "/resolv.conf"
	os.WriteFile(resolv, []byte("nameserver 127.0.0.53\nnameserver 192.0.2.53\n"), 0o644)
	port := nat.Port{Proto: "tcp", HostPort: 18778, ContainerPort: 7}
	a, err := f.attach(AttachOptions{ID: "c1", Network: "at", Ports: []nat.Port{port}, Hostname: "web", ResolvConf: resolv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.detach("c1") })
	if a.IP.String() != "10.213.63.2" || a.Gateway.String() != "10.213.63.1" || a.PrefixLen != 24 || a.NetnsPath != f.m.NetnsPath("c1") {
		t.Fatalf("attachment %+v", a)
	}
	if a.Hosts != Hosts("web", a.IP) || a.ResolvConf != "nameserver 192.0.2.53\n" {
		t.Fatalf("hosts %q, resolv.conf %q", a.Hosts, a.ResolvConf)
	}
	if ip, err := ContainerIP(a.NetnsPath); err != nil || !ip.Equal(a.IP) {
		t.Fatalf("eth0 inside: %v, %v", ip, err)
	}
	echoServer(t, a.NetnsPath, 7)
	f.in(func() error { return echo(f.host, "127.0.0.1:18778") })
	if _, err := f.attach(AttachOptions{ID: "c1", Network: "at"}); err == nil || !strings.Contains(err.Error(), "already attached") {
		t.Fatalf("second attach: %v", err)
	}
	st, err := statsIn(f, "at", "c1")
	if err != nil || st.RxPackets == 0 {
		t.Fatalf("stats: %+v, %v", st, err)
	}
	f.detach("c1")
	f.detach("c1")
	f.assertClean("at", "c1")
}

// assertClean checks that no veth, rule, endpoint, lease or namespace file
// of id is left on network.
func (f *fixture) assertClean(network, id string) {
	f.t.Helper()
	f.in(func() error {
		if _, err := netlink.LinkByName(f.m.vethName(network, id)); err == nil {
			return fmt.Errorf("veth of %s left behind", id)
		}
		c, _ := nftables.New()
		if tables, _ := c.ListTables(); len(tables) != 0 {
			return fmt.Errorf("nft table %s left behind", tables[0].Name)
		}
		return nil
	})
	if _, err := os.Lstat(f.m.NetnsPath(id)); !os.IsNotExist(err) {
		f.t.Errorf("namespace file of %s left behind: %v", id, err)
	}
	if _, eps, err := f.m.Inspect(network); err != nil || len(eps) != 0 {
		f.t.Errorf("endpoints left: %v, %v", eps, err)
	}
	n, _ := f.m.readNetwork(network)
	store, _ := f.m.ipam(n)
	if l, _ := store.Leases(); len(l) != 0 {
		f.t.Errorf("leases left: %v", l)
	}
}

func TestAttachFailureLeavesNothing(t *testing.T) {
	f := newFixture(t)
	f.network("af", "10.213.64.0/24")
	for _, tc := range []struct {
		name string
		o    AttachOptions
		want string
	}{
		{"bad id", AttachOptions{ID: "a/b", Network: "af"}, "invalid id"},
		{"no network", AttachOptions{ID: "c2", Network: "nonet"}, "no such network"},
		{"bad port", AttachOptions{ID: "c2", Network: "af", Ports: []nat.Port{{Proto: "sctp", HostPort: 1, ContainerPort: 1}}}, "sctp"},
		{"no resolv.conf", AttachOptions{ID: "c2", Network: "af", ResolvConf: "/nonexistent"}, "resolv.conf"},
	} {
		if _, err := f.attach(tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error naming %q", tc.name, err, tc.want)
		}
		f.assertClean("af", "c2")
	}
}

func TestDetachClearsHalfAttach(t *testing.T) {
	f := newFixture(t)
	f.network("hf", "10.213.65.0/24")
	// What an Attach killed after the lease and the namespace file leaves.
	n, _ := f.m.readNetwork("hf")
	store, _ := f.m.ipam(n)
	if _, err := store.Allocate("c3"); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(f.m.Root+"/netns", 0o700)
	if err := netns.AddAt(f.m.NetnsPath("c3")); err != nil {
		t.Fatal(err)
	}
	f.detach("c3")
	f.assertClean("hf", "c3")
}
