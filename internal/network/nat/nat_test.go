package nat

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestApplyAndDelete(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: writes nftables rules")
	}
	name := fmt.Sprintf("celltest%d", os.Getpid())
	t.Cleanup(func() { _ = Delete(name) })
	_, sub, _ := net.ParseCIDR("10.213.50.0/24")
	_, sub2, _ := net.ParseCIDR("10.213.51.0/24")
	r := Rules{
		Networks: []Network{{Bridge: "ctA", Subnet: sub}, {Bridge: "ctB", Subnet: sub2}},
		Ports:    []Port{{Proto: "tcp", HostPort: 18080, IP: net.ParseIP("10.213.50.2"), ContainerPort: 80}},
	}
	if err := Apply(name, r); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("nft", "list", "table", "ip", name).CombinedOutput()
	if err != nil {
		t.Fatalf("nft list: %v: %s", err, out)
	}
	for _, want := range []string{
		`ip saddr 10.213.50.0/24 oifname != "ctA" masquerade`,
		`ip saddr 127.0.0.0/8 oifname "ctA" masquerade`,
		`iifname "ctA" oifname "ctB" drop`,
		`tcp dport 18080 dnat to 10.213.50.2:80`,
		`fib daddr type local`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if err := Apply(name, Rules{Ports: []Port{{Proto: "sctp", HostPort: 1, IP: net.ParseIP("10.0.0.1")}}}); err == nil {
		t.Error("sctp accepted")
	}
	if err := Delete(name); err != nil {
		t.Fatal(err)
	}
	if err := Delete(name); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if out, _ := exec.Command("nft", "list", "tables").Output(); strings.Contains(string(out), name) {
		t.Fatal("table still listed after Delete")
	}
}
