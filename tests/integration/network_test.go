package integration

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/internal/network"
	"github.com/cell-runtime/cell/internal/network/nat"
)

func TestNetContainersOnBridges(t *testing.T) {
	e := newEnv(t)
	h := newNetHost(t, e, true)
	h.network("a", "10.213.80.0/24")
	h.network("b", "10.213.81.0/24")
	a1, a2 := h.attach("net-a1", "a"), h.attach("net-a2", "a", nat.Port{Proto: "tcp", HostPort: 18780, ContainerPort: 7000})
	b1 := h.attach("net-b1", "b")
	runIn(t, e, "net-a1", a1, "/bin/payload", "listen", "7000")
	runIn(t, e, "net-a2", a2, "/bin/payload", "listen", "7000")
	runIn(t, e, "net-b1", b1, "/bin/payload", "sleep", "60")
	echoFrom(h, "127.0.0.1:18780") // also waits for a2's server

	for _, tc := range []struct {
		from string
		to   *network.Attachment
		want bool
	}{{"net-a1", a2, true}, {"net-a2", a1, true}, {"net-b1", a2, false}} {
		ping, tcp := reachable(e, tc.from, tc.to.IP, 7000)
		if ping != tc.want || tcp != tc.want {
			t.Errorf("%s -> %s: ping %v, tcp %v; want %v", tc.from, tc.to.IP, ping, tcp, tc.want)
		}
	}
	if out := e.ok("exec", "net-a1", "cat", "/etc/hosts"); !strings.Contains(out, a1.IP.String()+"\tnet-a1\n") {
		t.Errorf("/etc/hosts in net-a1: %q", out)
	}
	if out := e.ok("nsenter", "--target", "net-a1", "-n", "ip", "-o", "-4", "addr", "show", "dev", "eth0"); !strings.Contains(out, a1.IP.String()+"/24") {
		t.Errorf("nsenter --target net-a1 -n: eth0 is %q, want %s", out, a1.IP)
	}
	h.do(func() error {
		st, err := network.InterfaceStats(a2.HostVeth)
		if err == nil && (st.RxPackets == 0 || st.TxBytes == 0 || st.Name != a2.HostVeth) {
			err = fmt.Errorf("stats of net-a2 after traffic: %+v", st)
		}
		return err
	})
	for _, id := range []string{"net-a1", "net-a2", "net-b1"} {
		e.ok("delete", "--force", id)
	}
	for id, a := range map[string]*network.Attachment{"net-a1": a1, "net-a2": a2, "net-b1": b1} {
		h.detachAndCheck(id, a)
	}
	h.noTable()
}

func TestNetPublishedPortOnTheHost(t *testing.T) {
	e := newEnv(t)
	h := newNetHost(t, e, false)
	h.network("r", "10.213.82.0/24")
	a := h.attach("net-r1", "r", nat.Port{Proto: "tcp", HostPort: 18781, ContainerPort: 7000})
	runIn(t, e, "net-r1", a, "/bin/payload", "listen", "7000")
	echoFrom(h, "127.0.0.1:18781")
	e.ok("delete", "--force", "net-r1")
	h.detachAndCheck("net-r1", a)
	h.noTable()
}

func TestNetAttachCommand(t *testing.T) {
	e := newEnv(t)
	h := newNetHost(t, e, true)
	h.m.Table = "" // the command's own, in the simulated host
	if _, errs, code := h.cellIn(e, "network", "create", "c", "--subnet", "10.213.83.0/24"); code != 0 {
		t.Fatal(errs)
	}
	t.Cleanup(func() { h.cellIn(e, "network", "rm", "c") })
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-p", "1:2/sctp"}, `port "1:2/sctp"`},
		{[]string{"--net", "nonet"}, "no such network"},
	} {
		_, errs, code := h.cellIn(e, append([]string{"network", "attach", "net-c1"}, tc.args...)...)
		if code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("network attach %v: exit %d, %q; want an error naming %s", tc.args, code, errs, tc.want)
		}
	}
	out, errs, code := h.cellIn(e, "network", "attach", "net-c1", "--net", "c", "-p", "18782:7000")
	var a network.Attachment
	if code != 0 || json.Unmarshal([]byte(out), &a) != nil {
		t.Fatalf("network attach: exit %d: %s%s", code, out, errs)
	}
	t.Cleanup(func() { h.cellIn(e, "network", "detach", "net-c1") })
	if a.IP.String() != "10.213.83.2" || !strings.Contains(a.Hosts, "10.213.83.2\tnet-c1") {
		t.Errorf("attachment %+v", a)
	}
	runIn(t, e, "net-c1", &a, "/bin/payload", "listen", "7000")
	echoFrom(h, "127.0.0.1:18782")
	e.ok("delete", "--force", "net-c1")
	for i := 0; i < 2; i++ {
		if _, errs, code := h.cellIn(e, "network", "detach", "net-c1"); code != 0 {
			t.Fatalf("network detach (%d): %s", i+1, errs)
		}
	}
	h.detachAndCheck("net-c1", &a)
	h.noTable()
}
