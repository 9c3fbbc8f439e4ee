// Package link creates the interfaces of bridge networking with netlink: a
// bridge on the host with the gateway address, and per container a veth pair
// whose host end joins the bridge and whose other end is eth0 inside the
// container's network namespace, with an address and a default route.
// A bridge carries its owner in its alias, so that owners (cell state
// roots) leave each other's bridges alone.
//
// It does not choose addresses (package ipam) or write firewall rules
// (package nat). The only sysctl it writes is route_localnet of a bridge it
// created, so that published ports answer on the host's loopback.
package link
