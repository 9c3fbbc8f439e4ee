package network

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cell-runtime/cell/internal/network/nat"
	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/vishvananda/netlink"
)

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Mode
		bad  bool
	}{
		{"none", Mode{Kind: None}, false},
		{"host", Mode{Kind: Host}, false},
		{"bridge", Mode{Kind: Bridge, Name: DefaultNetwork}, false},
		{"ns:x", Mode{Kind: Netns, Name: "x"}, false},
		{"container:abc", Mode{Kind: Container, Name: "abc"}, false},
		{"mynet", Mode{Kind: Bridge, Name: "mynet"}, false},
		{"ns:", Mode{}, true},
		{"a b", Mode{}, true},
	} {
		got, err := ParseMode(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseMode(%q) = %+v, %v", tc.in, got, err)
		}
	}
}

func TestJoinPath(t *testing.T) {
	pidOf := func(id string) (int, error) {
		if id == "c1" {
			return 42, nil
		}
		return 0, fmt.Errorf("no container %s", id)
	}
	for _, tc := range []struct {
		mode, want string
		bad        bool
	}{
		{"ns:x", "/run/netns/x", false},
		{"container:c1", "/proc/42/ns/net", false},
		{"container:c2", "", true},
		{"bridge", "", false},
		{"host", "", false},
	} {
		m, _ := ParseMode(tc.mode)
		got, err := m.JoinPath(pidOf)
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("%s: JoinPath = %q, %v", tc.mode, got, err)
		}
	}
}

func TestParsePort(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want nat.Port
		bad  bool
	}{
		{"8080:80", nat.Port{Proto: "tcp", HostPort: 8080, ContainerPort: 80}, false},
		{"53:53/udp", nat.Port{Proto: "udp", HostPort: 53, ContainerPort: 53}, false},
		{"1:2/sctp", nat.Port{}, true},
		{"80", nat.Port{}, true},
		{"0:80", nat.Port{}, true},
		{"70000:80", nat.Port{}, true},
	} {
		got, err := ParsePort(tc.in)
		if (err != nil) != tc.bad || got.Proto != tc.want.Proto || got.HostPort != tc.want.HostPort || got.ContainerPort != tc.want.ContainerPort {
			t.Errorf("ParsePort(%q) = %+v, %v", tc.in, got, err)
		}
	}
}

func TestHostsAndResolv(t *testing.T) {
	if h := Hosts("c1", net.ParseIP("10.1.0.2")); !strings.Contains(h, "10.1.0.2\tc1\n") || !strings.HasPrefix(h, "127.0.0.1\tlocalhost") {
		t.Errorf("Hosts: %q", h)
	}
	p := t.TempDir() + "/resolv.conf"
	os.WriteFile(p, []byte("nameserver 127.0.0.53\nnameserver 192.0.2.1\nsearch x\n"), 0o644)
	got, err := ResolvConf(p)
	if err != nil || got != "nameserver 192.0.2.1\nsearch x\n" {
		t.Errorf("ResolvConf = %q, %v", got, err)
	}
}

// fixture is a simulated host: a network namespace the test owns, where
// ip_forward is on (a per-namespace sysctl), holding the bridges.
type fixture struct {
	t    *testing.T
	host string // netns path of the simulated host
	m    *Manager
	tag  string
	dir  string // holds the namespace files
}

func newFixture(t *testing.T) *fixture {
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates network namespaces, bridges and nftables rules")
	}
	f := &fixture{t: t, tag: fmt.Sprint(os.Getpid() % 100000)}
	f.host = f.netns("host")
	f.m = &Manager{Root: t.TempDir(), Table: "celltest" + f.tag}
	f.in(func() error {
		if err := SetupNone(f.host); err != nil {
			return err
		}
		return os.WriteFile("/proc/sys/net/ipv4/ip_forward", []byte("1"), 0o644)
	})
	return f
}

// netns makes a test namespace and returns its path; it is deleted (with
// every link in it) at cleanup.
func (f *fixture) netns(suffix string) string {
	if f.dir == "" {
		f.dir = f.t.TempDir()
	}
	path := filepath.Join(f.dir, suffix)
	if err := netns.AddAt(path); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { _ = netns.DeleteAt(path) })
	return path
}

// in runs fn in the simulated host.
func (f *fixture) in(fn func() error) {
	f.t.Helper()
	if err := netns.Do(f.host, fn); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) network(name, subnet string) {
	f.t.Helper()
	f.in(func() error { _, err := f.m.Create(name, subnet, "ctb"+f.tag+name); return err })
}

func (f *fixture) connect(network, id, path string, ports ...nat.Port) *Endpoint {
	f.t.Helper()
	var ep *Endpoint
	f.in(func() (err error) { ep, err = f.m.Connect(network, id, path, ports); return err })
	return ep
}

// echoServer listens on port in the namespace at path and echoes lines.
func echoServer(t *testing.T, path string, port int) {
	var l net.Listener
	err := netns.Do(path, func() (err error) { l, err = net.Listen("tcp", fmt.Sprintf(":%d", port)); return err })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); io.Copy(c, c) }()
		}
	}()
}

// echo dials addr from the namespace at path and checks the echo.
func echo(path, addr string) error {
	return netns.Do(path, func() error {
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
	})
}

func TestBridgeNetworks(t *testing.T) {
	f := newFixture(t)
	f.network("a", "10.213.60.0/24")
	f.network("b", "10.213.61.0/24")
	a1, a2, b1 := f.netns("a1"), f.netns("a2"), f.netns("b1")
	f.connect("a", "a1", a1)
	ep2 := f.connect("a", "a2", a2, nat.Port{Proto: "tcp", HostPort: 18777, ContainerPort: 7})
	f.connect("b", "b1", b1)
	t.Cleanup(func() {
		netns.Do(f.host, func() error {
			for _, c := range [][2]string{{"a", "a1"}, {"a", "a2"}, {"b", "b1"}} {
				f.m.Disconnect(c[0], c[1])
			}
			return nil
		})
	})
	if ep2.IP.String() != "10.213.60.3" {
		t.Fatalf("second container got %s, want 10.213.60.3", ep2.IP)
	}
	echoServer(t, a2, 7)
	if err := echo(a1, "10.213.60.3:7"); err != nil {
		t.Fatalf("same network: %v", err)
	}
	if err := echo(b1, "10.213.60.3:7"); err == nil {
		t.Fatal("a container on another network reached a2")
	}
	f.in(func() error { return echo(f.host, "127.0.0.1:18777") })
	f.in(func() error { return echo(f.host, "10.213.60.1:18777") })
	stats, err := statsIn(f, "a", "a2")
	if err != nil || stats.RxPackets == 0 || stats.TxBytes == 0 {
		t.Fatalf("stats of a2: %+v, %v", stats, err)
	}
}

func statsIn(f *fixture, network, id string) (s struct{ RxPackets, TxBytes uint64 }, err error) {
	netns.Do(f.host, func() error {
		st, e := f.m.Stats(network, id)
		if err = e; e == nil {
			s.RxPackets, s.TxBytes = st.RxPackets, st.TxBytes
		}
		return nil
	})
	return s, err
}

func TestAttachCyclesLeaveNothing(t *testing.T) {
	f := newFixture(t)
	f.network("c", "10.213.62.0/24")
	cycles := 200
	if testing.Short() {
		cycles = 50
	}
	start := time.Now()
	for i := 0; i < cycles; i++ {
		id := fmt.Sprintf("ctr%d", i)
		a, err := f.attach(AttachOptions{ID: id, Network: "c", Ports: []nat.Port{{Proto: "udp", HostPort: 18999, ContainerPort: 53}}})
		if err != nil {
			t.Fatalf("cycle %d: %v", i, err)
		}
		if a.IP.String() != "10.213.62.2" {
			t.Fatalf("cycle %d: got %s, want the reused 10.213.62.2", i, a.IP)
		}
		f.detach(id)
	}
	t.Logf("%d attach/detach cycles in %v (%v each)", cycles, time.Since(start), time.Since(start)/time.Duration(cycles))
	f.in(func() error {
		links, _ := netlink.LinkList()
		for _, l := range links {
			if strings.HasPrefix(l.Attrs().Name, "cv") {
				return fmt.Errorf("veth %s left behind", l.Attrs().Name)
			}
		}
		return nil
	})
	f.assertClean("c", "ctr0")
	if ents, _ := os.ReadDir(filepath.Join(f.m.Root, "netns")); len(ents) != 0 {
		t.Fatalf("namespace files left: %v", ents)
	}
	f.in(func() error { return f.m.Remove("c") })
	f.in(func() error {
		if _, err := netlink.LinkByName("ctb" + f.tag + "c"); err == nil {
			return fmt.Errorf("bridge left after Remove")
		}
		return nil
	})
}
