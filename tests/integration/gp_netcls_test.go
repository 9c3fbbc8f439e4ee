package integration

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/harness"
)

// gpClassID is the net_cls classid the tests give their containers (1:11).
const gpClassID = 0x10011

// TestCgroupNetClsClassidOnTraffic runs a container with
// linux.resources.network.classID in a network namespace the test made,
// where an nftables output chain counts UDP datagrams to a port, all of
// them and those whose socket carries the classid (`meta cgroup`). The
// test's own datagrams (classid 0) are counted only in the first.
func TestCgroupNetClsClassidOnTraffic(t *testing.T) {
	if v1, _ := cgroupMounts(t); !v1 {
		t.Skip("net_cls is a cgroup v1 controller: no v1 hierarchy here")
	}
	e := newEnv(t)
	h := newNetHost(t, e, true)
	const port = 7101
	counters := gpCounters{h: h, table: "gpnetcls"}
	counters.add(t, nftables.ChainHookOutput, port, map[string][]expr.Any{
		"all":     nil,
		"classid": gpMetaEq(expr.MetaKeyCGROUP, gpClassID),
	})
	gpUDPEcho(t, h, port)
	h.do(func() error { // two datagrams from the test itself, outside the classid
		for range 2 {
			if err := gpUDPExchange(fmt.Sprintf("127.0.0.1:%d", port)); err != nil {
				return err
			}
		}
		return nil
	})
	b := cgBundle(t, []string{"sh", "-c", fmt.Sprintf("for i in 1 2 3; do payload udp 127.0.0.1:%d gp$i || exit 1; done", port)},
		func(s *specs.Spec, r *specs.LinuxResources) {
			gpJoinNetns(s, h.path)
			r.Network = &specs.LinuxNetwork{ClassID: u32p(gpClassID)}
		})
	out := gpRunChecked(t, e, "gp-netcls", b, func(paths map[string]string) {
		if got := (cgFile{paths, "net_cls", "net_cls.classid", ""}).read(t); got != strconv.Itoa(gpClassID) {
			t.Errorf("net_cls.classid of the container's cgroup = %q, want %d", got, gpClassID)
		}
	})
	for i := 1; i <= 3; i++ {
		if !strings.Contains(out, fmt.Sprintf("gp%d\n", i)) {
			t.Errorf("container's exchange %d got no echo: %q", i, out)
		}
	}
	got := counters.read(t)
	t.Logf("udp dport %d in the output chain: %d datagrams, %d with meta cgroup %#x", port, got["all"], got["classid"], gpClassID)
	if got["all"] != 5 || got["classid"] != 3 {
		t.Errorf("counted %d datagrams, %d of them with classid %#x; want 5 (2 from the test, 3 from the container) and 3",
			got["all"], got["classid"], gpClassID)
	}
}

// TestCgroupNetPrioPriorityOnTraffic runs a container with a net_prio map
// "lo 5" and checks the priority its datagrams carry when they reach a
// socket of the test (SO_RCVPRIORITY), beside datagrams of a container
// without the map. The kernel looks ifpriomap's interface names up in the
// initial network namespace only, so the container shares the host's and
// sends to the test's socket on the host's loopback.
func TestCgroupNetPrioPriorityOnTraffic(t *testing.T) {
	if v1, _ := cgroupMounts(t); !v1 {
		t.Skip("net_prio is a cgroup v1 controller: no v1 hierarchy here")
	}
	e := newEnv(t)
	conn, prios := gpPriorityEcho(t)
	addr := conn.LocalAddr().String()
	for _, c := range []struct {
		id   string
		prio []specs.LinuxInterfacePriority
		want uint32
	}{
		{"gp-netprio5", []specs.LinuxInterfacePriority{{Name: "lo", Priority: 5}}, 5},
		{"gp-netprio0", nil, 0},
	} {
		b := cgBundle(t, []string{"payload", "udp", addr, c.id}, func(s *specs.Spec, r *specs.LinuxResources) {
			gpJoinNetns(s, "")
			r.Network = &specs.LinuxNetwork{Priorities: c.prio}
		})
		out := gpRunChecked(t, e, c.id, b, func(paths map[string]string) {
			if c.prio != nil && !strings.Contains((cgFile{paths, "net_prio", "net_prio.ifpriomap", ""}).read(t), "lo 5") {
				t.Errorf("net_prio.ifpriomap of %s lacks \"lo 5\"", c.id)
			}
		})
		if out != c.id+"\n" {
			t.Errorf("%s got no echo: %q", c.id, out)
		}
		select {
		case p := <-prios:
			if p != c.want {
				t.Errorf("%s's datagram arrived with priority %d, want %d", c.id, p, c.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no datagram from %s", c.id)
		}
	}
}

// gpJoinNetns makes the spec join the network namespace at path, or the
// host's when path is "".
func gpJoinNetns(s *specs.Spec, path string) {
	var kept []specs.LinuxNamespace
	for _, ns := range s.Linux.Namespaces {
		if ns.Type == specs.NetworkNamespace {
			if path == "" {
				continue
			}
			ns.Path = path
		}
		kept = append(kept, ns)
	}
	s.Linux.Namespaces = kept
}

// gpRunChecked creates container id, calls check with its cgroup paths,
// starts it and waits until it stops; it returns what the container
// printed.
func gpRunChecked(t *testing.T, e *env, id, b string, check func(paths map[string]string)) string {
	t.Helper()
	outPath := harness.TempFile(t).Name()
	out, err := os.OpenFile(outPath, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(cellBin, "--root", e.root, "create", "-b", b, id)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		t.Fatalf("create %s: %v: %s", id, err, readFile(t, outPath))
	}
	check(e.savedState(id).CgroupPaths)
	e.ok("start", id)
	if !waitFor(20*time.Second, func() bool { return e.status(id) == "stopped" }) {
		t.Fatalf("%s still running: %s", id, readFile(t, outPath))
	}
	e.ok("delete", id)
	return readFile(t, outPath)
}

// gpCounters is an nftables table of counting rules in a test namespace.
type gpCounters struct {
	h     *netHost
	table string
}

// add makes a chain on hook with one rule per name, each matching UDP
// datagrams to port and then exprs, with a counter. The table goes at
// cleanup.
func (c gpCounters) add(t *testing.T, hook *nftables.ChainHook, port uint16, rules map[string][]expr.Any) {
	t.Helper()
	c.h.do(func() error {
		conn, err := nftables.New()
		if err != nil {
			return err
		}
		tb := conn.AddTable(&nftables.Table{Name: c.table, Family: nftables.TableFamilyINet})
		ch := conn.AddChain(&nftables.Chain{Name: "count", Table: tb, Type: nftables.ChainTypeFilter,
			Hooknum: hook, Priority: nftables.ChainPriorityFilter})
		for name, match := range rules {
			exprs := append(gpUDPDport(port), match...)
			exprs = append(exprs, &expr.Counter{})
			conn.AddRule(&nftables.Rule{Table: tb, Chain: ch, Exprs: exprs, UserData: []byte(name)})
		}
		return conn.Flush()
	})
	t.Cleanup(func() {
		c.h.do(func() error {
			conn, err := nftables.New()
			if err == nil {
				conn.DelTable(&nftables.Table{Name: c.table, Family: nftables.TableFamilyINet})
				err = conn.Flush()
			}
			return err
		})
	})
}

// read returns each rule's packet count by name.
func (c gpCounters) read(t *testing.T) map[string]uint64 {
	t.Helper()
	got := map[string]uint64{}
	c.h.do(func() error {
		conn, err := nftables.New()
		if err != nil {
			return err
		}
		tb := &nftables.Table{Name: c.table, Family: nftables.TableFamilyINet}
		rules, err := conn.GetRules(tb, &nftables.Chain{Name: "count", Table: tb})
		for _, r := range rules {
			for _, x := range r.Exprs {
				if n, ok := x.(*expr.Counter); ok {
					got[string(r.UserData)] = n.Packets
				}
			}
		}
		return err
	})
	return got
}

// gpUDPDport matches `meta l4proto udp udp dport port`.
func gpUDPDport(port uint16) []expr.Any {
	return []expr.Any{
		&expr.Meta{Key: expr.MetaKeyL4PROTO, Register: 1},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{unix.IPPROTO_UDP}},
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseTransportHeader, Offset: 2, Len: 2},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binary.BigEndian.AppendUint16(nil, port)},
	}
}

// gpMetaEq matches `meta KEY v` for a 32-bit key.
func gpMetaEq(key expr.MetaKey, v uint32) []expr.Any {
	return []expr.Any{
		&expr.Meta{Key: key, Register: 1},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binary.NativeEndian.AppendUint32(nil, v)},
	}
}

// gpUDPEcho serves UDP echo on 127.0.0.1:port in the host's namespace
// until cleanup.
func gpUDPEcho(t *testing.T, h *netHost, port int) {
	t.Helper()
	var conn net.PacketConn
	h.do(func() (err error) {
		conn, err = net.ListenPacket("udp4", fmt.Sprintf("127.0.0.1:%d", port))
		return err
	})
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 2048)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			conn.WriteTo(buf[:n], from)
		}
	}()
}

// gpUDPExchange sends one datagram to addr and waits for the echo.
func gpUDPExchange(addr string) error {
	c, err := net.Dial("udp4", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("test")); err != nil {
		return err
	}
	_, err = c.Read(make([]byte, 16))
	return err
}

// soRcvPriority is SO_RCVPRIORITY (Linux 6.14), not yet in x/sys: the
// receiver gets each datagram's skb priority as an SO_PRIORITY message.
const soRcvPriority = 82

// gpPriorityEcho is a UDP echo server on the host's loopback that sends the
// priority of every datagram it receives on the channel.
func gpPriorityEcho(t *testing.T) (*net.UDPConn, <-chan uint32) {
	t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	raw, err := conn.SyscallConn()
	if err == nil {
		raw.Control(func(fd uintptr) { err = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, soRcvPriority, 1) })
	}
	if errors.Is(err, unix.ENOPROTOOPT) {
		t.Skip("the kernel has no SO_RCVPRIORITY (Linux 6.14) to show a datagram's priority")
	} else if err != nil {
		t.Fatal(err)
	}
	prios := make(chan uint32, 16)
	go func() {
		buf, oob := make([]byte, 2048), make([]byte, 128)
		for {
			n, oobn, _, from, err := conn.ReadMsgUDP(buf, oob)
			if err != nil {
				return
			}
			prios <- gpPriority(oob[:oobn])
			conn.WriteToUDP(buf[:n], from)
		}
	}()
	return conn, prios
}

// gpPriority is the SO_PRIORITY control message's value, 0 when absent.
func gpPriority(oob []byte) uint32 {
	msgs, _ := unix.ParseSocketControlMessage(oob)
	for _, m := range msgs {
		if m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SO_PRIORITY && len(m.Data) >= 4 {
			return binary.NativeEndian.Uint32(m.Data)
		}
	}
	return 0
}
