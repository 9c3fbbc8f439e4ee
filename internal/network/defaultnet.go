package network

import (
	"fmt"
	"net"
)

// defaultNetwork is DefaultNetwork as this root makes it on first use. The
// default root gets DefaultBridge and DefaultSubnet. Any other root gets a
// bridge named like its nftables table (rootTag) and the first /24 of
// 10.89.1.0/24 to 10.89.255.0/24, scanning from one its rootHash picks,
// that overlaps no address on a host link nor another network of the root:
// containers of two roots never share a bridge, nor an address. The choice
// is recorded with the network, so it stays.
func (m *Manager) defaultNetwork() (Network, *net.IPNet, error) {
	if m.isDefaultRoot() {
		sub, err := checkSubnet(DefaultSubnet)
		return Network{Name: DefaultNetwork, Bridge: DefaultBridge, Subnet: DefaultSubnet}, sub, err
	}
	used, err := m.usedSubnets()
	if err != nil {
		return Network{}, nil, err
	}
	sub, err := freeSubnet(int(m.rootHash()%255)+1, used)
	if err != nil {
		return Network{}, nil, fmt.Errorf("network %q: %w", DefaultNetwork, err)
	}
	return Network{Name: DefaultNetwork, Bridge: m.rootTag(), Subnet: sub.String()}, sub, nil
}

// usedSubnets lists the networks of the addresses on host links and the
// subnets of the root's networks.
func (m *Manager) usedSubnets() ([]*net.IPNet, error) {
	addrs, err := hostAddrs()
	if err != nil {
		return nil, err
	}
	nets, err := m.listNetworks()
	if err != nil {
		return nil, err
	}
	used := make([]*net.IPNet, 0, len(addrs)+len(nets))
	for _, a := range addrs {
		used = append(used, a.Addr)
	}
	for _, n := range nets {
		if _, sub, err := net.ParseCIDR(n.Subnet); err == nil {
			used = append(used, sub)
		}
	}
	return used, nil
}

// freeSubnet returns the first of 10.89.1.0/24 to 10.89.255.0/24 that
// overlaps none of used, scanning from 10.89.start.0/24 (start is 1 to
// 255) and wrapping around. 10.89.0.0/24 is the default root's.
func freeSubnet(start int, used []*net.IPNet) (*net.IPNet, error) {
	for i := range 255 {
		sub := &net.IPNet{IP: net.IPv4(10, 89, byte((start-1+i)%255+1), 0).To4(), Mask: net.CIDRMask(24, 32)}
		if !overlapsAny(sub, used) {
			return sub, nil
		}
	}
	return nil, fmt.Errorf("no free subnet in 10.89.1.0/24 to 10.89.255.0/24")
}

func overlapsAny(sub *net.IPNet, used []*net.IPNet) bool {
	for _, u := range used {
		if overlaps(sub, u) {
			return true
		}
	}
	return false
}
