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
// the subnet's prefix length) unless it exists, marks it as owner's (its
// alias, which `ip link` shows), sets it up and enables route_localnet on
// it. It is idempotent. A bridge marked as someone else's is refused: it
// is another cell state root's; one without a mark is taken over.
func EnsureBridge(name string, gw *net.IPNet, owner string) error {
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
	if err := claim(br, owner); err != nil {
		return err
	}
	if err := netlink.AddrReplace(br, &netlink.Addr{IPNet: gw}); err != nil {
		return fmt.Errorf("address of bridge %s: %w", name, err)
	}
	if err := netlink.LinkSetUp(br); err != nil {
		return fmt.Errorf("bridge %s up: %w", name, err)
	}
	return setRouteLocalnet(name)
}

// claim marks br as owner's unless it is already; it refuses a bridge
// marked as another's.
func claim(br netlink.Link, owner string) error {
	switch br.Attrs().Alias {
	case owner:
		return nil
	case "":
		if err := netlink.LinkSetAlias(br, owner); err != nil {
			return fmt.Errorf("mark bridge %s: %w", br.Attrs().Name, err)
		}
		return nil
	}
	return fmt.Errorf("bridge %s belongs to %s", br.Attrs().Name, br.Attrs().Alias)
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

// DeleteBridge removes the bridge name unless it is marked as another
// owner's (see EnsureBridge), which it leaves alone; a missing bridge is
// no error.
func DeleteBridge(name, owner string) error {
	br, err := netlink.LinkByName(name)
	if err != nil {
		return nil
	}
	if br.Type() != "bridge" {
		return fmt.Errorf("delete bridge %s: link is a %s", name, br.Type())
	}
	if a := br.Attrs().Alias; a != "" && a != owner {
		return nil
	}
	if err := netlink.LinkDel(br); err != nil {
		return fmt.Errorf("delete bridge %s: %w", name, err)
	}
	return nil
}
