package link

import (
	"errors"
	"fmt"
	"net"

	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// Veth describes one container's link to a bridge.
type Veth struct {
	Host      string     // host end's name, at most 15 bytes
	Bridge    string     // bridge the host end joins
	NetnsPath string     // the container's network namespace
	IfName    string     // name inside; "" means eth0
	Addr      *net.IPNet // address inside, with the subnet's prefix
	Gateway   net.IP     // default route; nil means none
}

// AddVeth creates the pair, with the inside end made directly in the
// namespace, and configures both ends. On failure it removes what it made.
func AddVeth(v Veth) error {
	if v.IfName == "" {
		v.IfName = "eth0"
	}
	br, err := netlink.LinkByName(v.Bridge)
	if err != nil {
		return fmt.Errorf("veth %s: bridge %s: %w", v.Host, v.Bridge, err)
	}
	ns, err := unix.Open(v.NetnsPath, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("veth %s: open %s: %w", v.Host, v.NetnsPath, err)
	}
	defer unix.Close(ns)
	attrs := netlink.NewLinkAttrs()
	attrs.Name, attrs.MasterIndex = v.Host, br.Attrs().Index
	pair := &netlink.Veth{LinkAttrs: attrs, PeerName: v.IfName, PeerNamespace: netlink.NsFd(ns)}
	if err := netlink.LinkAdd(pair); err != nil {
		return fmt.Errorf("veth %s: add: %w", v.Host, err)
	}
	if err := configure(v); err != nil {
		_ = DeleteVeth(v.Host)
		return err
	}
	return nil
}

func configure(v Veth) error {
	host, err := netlink.LinkByName(v.Host)
	if err == nil {
		err = netlink.LinkSetUp(host)
	}
	if err != nil {
		return fmt.Errorf("veth %s: host end up: %w", v.Host, err)
	}
	return netns.Do(v.NetnsPath, func() error { return configureInside(v) })
}

// configureInside runs in the container's namespace.
func configureInside(v Veth) error {
	if err := LoopbackUp(); err != nil {
		return err
	}
	in, err := netlink.LinkByName(v.IfName)
	if err != nil {
		return fmt.Errorf("veth %s: %s inside: %w", v.Host, v.IfName, err)
	}
	if err := netlink.AddrAdd(in, &netlink.Addr{IPNet: v.Addr}); err != nil {
		return fmt.Errorf("veth %s: address %s: %w", v.Host, v.Addr, err)
	}
	if err := netlink.LinkSetUp(in); err != nil {
		return fmt.Errorf("veth %s: %s up: %w", v.Host, v.IfName, err)
	}
	if v.Gateway == nil {
		return nil
	}
	route := &netlink.Route{LinkIndex: in.Attrs().Index, Gw: v.Gateway}
	if err := netlink.RouteAdd(route); err != nil {
		return fmt.Errorf("veth %s: default route via %s: %w", v.Host, v.Gateway, err)
	}
	return nil
}

// LoopbackUp sets lo up in the current thread's network namespace; run it
// inside netns.Do.
func LoopbackUp() error {
	lo, err := netlink.LinkByName("lo")
	if err == nil {
		err = netlink.LinkSetUp(lo)
	}
	if err != nil {
		return fmt.Errorf("loopback up: %w", err)
	}
	return nil
}

// DeleteVeth removes a pair by its host end (the kernel removes the other
// end); a missing link is no error.
func DeleteVeth(host string) error {
	l, err := netlink.LinkByName(host)
	var nf netlink.LinkNotFoundError
	if errors.As(err, &nf) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete veth %s: %w", host, err)
	}
	if err := netlink.LinkDel(l); err != nil {
		return fmt.Errorf("delete veth %s: %w", host, err)
	}
	return nil
}
