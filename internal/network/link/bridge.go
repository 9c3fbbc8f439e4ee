package link

import (
	"errors"
	"fmt"
	"net"
	"os"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// EnsureBridge creates the bridge name with address gw (the gateway, with
// the subnet's prefix length) unless it exists, sets it up and enables
// route_localnet on it. It is idempotent.
func EnsureBridge(name string, gw *net.IPNet) error {
	br, err := netlink.LinkByName(name)
	if err != nil {
		attrs := netlink.NewLinkAttrs()
		attrs.Name = name
		if err := netlink.LinkAdd(&netlink.Bridge{LinkAttrs: attrs}); err != nil && !errors.Is(err, unix.EEXIST) {
			return fmt.Errorf("add bridge %s: %w", name, err)
		}
		if br, err = netlink.LinkByName(name); err != nil {
			return fmt.Errorf("bridge %s: %w", name, err)
		}
	}
	if br.Type() != "bridge" {
		return fmt.Errorf("bridge %s: link exists and is a %s", name, br.Type())
	}
	if err := netlink.AddrReplace(br, &netlink.Addr{IPNet: gw}); err != nil {
		return fmt.Errorf("address of bridge %s: %w", name, err)
	}
	if err := netlink.LinkSetUp(br); err != nil {
		return fmt.Errorf("bridge %s up: %w", name, err)
	}
	return setRouteLocalnet(name)
}

// setRouteLocalnet lets packets from 127.0.0.0/8 be routed out of the
// bridge, which DNAT from the host's loopback to a container needs. It is a
// sysctl of this interface only.
func setRouteLocalnet(name string) error {
	p := "/proc/sys/net/ipv4/conf/" + name + "/route_localnet"
	if err := os.WriteFile(p, []byte("1"), 0o644); err != nil {
		return fmt.Errorf("route_localnet of %s: %w", name, err)
	}
	return nil
}

// DeleteBridge removes the bridge name; a missing bridge is no error.
func DeleteBridge(name string) error {
	br, err := netlink.LinkByName(name)
	if err != nil {
		return nil
	}
	if br.Type() != "bridge" {
		return fmt.Errorf("delete bridge %s: link is a %s", name, br.Type())
	}
	if err := netlink.LinkDel(br); err != nil {
		return fmt.Errorf("delete bridge %s: %w", name, err)
	}
	return nil
}
