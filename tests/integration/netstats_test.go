package integration

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// vethPair makes a veth pair host/peer in the host's namespace, both up,
// removed at cleanup.
func vethPair(t *testing.T, host, peer string) {
	t.Helper()
	for _, args := range [][]string{
		{"link", "add", host, "type", "veth", "peer", "name", peer},
		{"link", "set", host, "up"}, {"link", "set", peer, "up"},
	} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v: %s", args, err, out)
		}
		if args[1] == "add" {
			t.Cleanup(func() { _ = exec.Command("ip", "link", "del", host).Run() })
		}
	}
}

// sendFrames writes n raw Ethernet frames of size bytes out of ifname (a
// local experimental ethertype, so nothing answers or routes them).
func sendFrames(t *testing.T, ifname string, n, size int) {
	t.Helper()
	ifi, err := net.InterfaceByName(ifname)
	if err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	frame := make([]byte, size)
	copy(frame, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) // broadcast
	copy(frame[6:], ifi.HardwareAddr)
	frame[12], frame[13] = 0x88, 0xb5
	to := &unix.SockaddrLinklayer{Ifindex: ifi.Index, Halen: 6, Addr: [8]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
	for range n {
		if err := unix.Sendto(fd, frame, 0, to); err != nil {
			t.Fatal(err)
		}
	}
}

func sysfsCounter(t *testing.T, ifname, name string) uint64 {
	t.Helper()
	b, err := os.ReadFile("/sys/class/net/" + ifname + "/statistics/" + name)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	return v
}

// Traffic on the host end of a container's veth (annotation run.cell.veth)
// shows in stats and events, counted as the container sees it.
func TestNetworkCounters(t *testing.T) {
	e := newEnv(t)
	vethPair(t, "obs-v0", "obs-v1")
	sendFrames(t, "obs-v1", 5, 200) // the host end receives: the container sent
	b := testrootfs.Bundle(t, all(withArgs("/bin/payload", "sleep", "3600"), func(s *specs.Spec) {
		s.Annotations = map[string]string{"run.cell.veth": "obs-v0", "run.cell.name": "obs-web"}
	}))
	e.ok("run", "-d", "-b", b, "obs-net1")

	lo := sysfsCounter(t, "obs-v0", "rx_bytes")
	var st struct {
		NetTx uint64 `json:"net_tx"`
		Name  string `json:"name"`
	}
	if err := json.Unmarshal([]byte(e.ok("stats", "--no-stream", "--interval", "100ms", "--format", "json", "obs-net1")), &st); err != nil {
		t.Fatal(err)
	}
	var ev struct {
		Data struct {
			Ifaces []struct {
				Name      string `json:"name"`
				TxBytes   uint64 `json:"tx_bytes"`
				TxPackets uint64 `json:"tx_packets"`
			} `json:"network_interfaces"`
		}
	}
	if err := json.Unmarshal([]byte(e.ok("events", "--stats", "obs-net1")), &ev); err != nil {
		t.Fatal(err)
	}
	hi := sysfsCounter(t, "obs-v0", "rx_bytes")

	if lo < 1000 || st.NetTx < lo || st.NetTx > hi || st.Name != "obs-web" {
		t.Errorf("stats net_tx %d name %q; host end received %d..%d bytes", st.NetTx, st.Name, lo, hi)
	}
	if len(ev.Data.Ifaces) != 1 || ev.Data.Ifaces[0].Name != "obs-v0" ||
		ev.Data.Ifaces[0].TxBytes < lo || ev.Data.Ifaces[0].TxBytes > hi || ev.Data.Ifaces[0].TxPackets < 5 {
		t.Errorf("network_interfaces %+v; host end received %d..%d bytes", ev.Data.Ifaces, lo, hi)
	}
}
