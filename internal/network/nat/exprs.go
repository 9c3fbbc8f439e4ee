package nat

import (
	"fmt"
	"net"

	"github.com/google/nftables/binaryutil"
	"github.com/google/nftables/expr"
	"golang.org/x/sys/unix"
)

// ifname pads an interface name as the kernel compares it.
func ifname(n string) []byte {
	b := make([]byte, unix.IFNAMSIZ)
	copy(b, n)
	return b
}

// matchSource is `ip saddr NET`.
func matchSource(n *net.IPNet) []expr.Any {
	return []expr.Any{
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseNetworkHeader, Offset: 12, Len: 4},
		&expr.Bitwise{SourceRegister: 1, DestRegister: 1, Len: 4, Mask: []byte(n.Mask), Xor: make([]byte, 4)},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: n.IP.To4()},
	}
}

func matchIf(key expr.MetaKey, op expr.CmpOp, name string) []expr.Any {
	return []expr.Any{&expr.Meta{Key: key, Register: 1}, &expr.Cmp{Op: op, Register: 1, Data: ifname(name)}}
}

// masqueradeOut is `ip saddr SUBNET oifname != BRIDGE masquerade`.
func masqueradeOut(n Network) []expr.Any {
	e := append(matchSource(n.Subnet), matchIf(expr.MetaKeyOIFNAME, expr.CmpOpNeq, n.Bridge)...)
	return append(e, &expr.Masq{})
}

// masqueradeLoopback is `ip saddr 127.0.0.0/8 oifname BRIDGE masquerade`:
// connections from the host's loopback DNATed into the bridge need a source
// the container can answer.
func masqueradeLoopback(bridge string) []expr.Any {
	lo := &net.IPNet{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}
	e := append(matchSource(lo), matchIf(expr.MetaKeyOIFNAME, expr.CmpOpEq, bridge)...)
	return append(e, &expr.Masq{})
}

// isolate is `iifname A oifname B drop`.
func isolate(from, to string) []expr.Any {
	e := append(matchIf(expr.MetaKeyIIFNAME, expr.CmpOpEq, from), matchIf(expr.MetaKeyOIFNAME, expr.CmpOpEq, to)...)
	return append(e, &expr.Verdict{Kind: expr.VerdictDrop})
}

// dnat is `fib daddr type local PROTO dport HOSTPORT dnat to IP:PORT`.
func dnat(p Port) ([]expr.Any, error) {
	proto, ok := map[string]byte{"tcp": unix.IPPROTO_TCP, "udp": unix.IPPROTO_UDP}[p.Proto]
	if !ok {
		return nil, fmt.Errorf("port %d: protocol %q: want tcp or udp", p.HostPort, p.Proto)
	}
	ip := p.IP.To4()
	if ip == nil {
		return nil, fmt.Errorf("port %d: %v is not IPv4", p.HostPort, p.IP)
	}
	return []expr.Any{
		&expr.Fib{Register: 1, FlagDADDR: true, ResultADDRTYPE: true},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binaryutil.NativeEndian.PutUint32(unix.RTN_LOCAL)},
		&expr.Meta{Key: expr.MetaKeyL4PROTO, Register: 1},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{proto}},
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseTransportHeader, Offset: 2, Len: 2},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binaryutil.BigEndian.PutUint16(p.HostPort)},
		&expr.Immediate{Register: 1, Data: ip},
		&expr.Immediate{Register: 2, Data: binaryutil.BigEndian.PutUint16(p.ContainerPort)},
		&expr.NAT{Type: expr.NATTypeDestNAT, Family: unix.NFPROTO_IPV4, RegAddrMin: 1, RegProtoMin: 2, Specified: true},
	}, nil
}
