package network

import (
	"fmt"
	"net"

	"github.com/vishvananda/netlink"
)

// hostAddr is an IPv4 address configured on a link of the caller's network
// namespace, with its prefix (10.89.0.1/24 on cell0).
type hostAddr struct {
	Link string
	Addr *net.IPNet
}

// hostAddrs lists the IPv4 addresses of every link in the caller's network
// namespace.
func hostAddrs() ([]hostAddr, error) {
	links, err := netlink.LinkList()
	if err != nil {
		return nil, fmt.Errorf("list host links: %w", err)
	}
	names := make(map[int]string, len(links))
	for _, l := range links {
		names[l.Attrs().Index] = l.Attrs().Name
	}
	addrs, err := netlink.AddrList(nil, netlink.FAMILY_V4)
	if err != nil {
		return nil, fmt.Errorf("list host addresses: %w", err)
	}
	out := make([]hostAddr, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, hostAddr{Link: names[a.LinkIndex], Addr: a.IPNet})
	}
	return out, nil
}

// overlaps reports whether networks a and b share an address.
func overlaps(a, b *net.IPNet) bool {
	return a.Contains(b.IP.Mask(b.Mask)) || b.Contains(a.IP.Mask(a.Mask))
}

// checkHostOverlap refuses sub when an address on a link of the caller's
// network namespace lies in it or its network contains sub: the bridge's
// gateway and containers would share addresses with that link's network.
func checkHostOverlap(sub *net.IPNet) error {
	addrs, err := hostAddrs()
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if overlaps(a.Addr, sub) {
			return fmt.Errorf("subnet %s overlaps address %s of host link %s", sub, a.Addr, a.Link)
		}
	}
	return nil
}
