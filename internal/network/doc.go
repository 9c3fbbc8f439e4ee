// Package network is container networking for `cell run --net`: it parses
// the mode (none, host, ns:NAME, container:ID, bridge or a named network),
// keeps named bridge networks under cell's state directory, and connects a
// container's network namespace to one: a veth to the network's bridge, an
// address from a persistent IPAM store, a default route, and nftables rules
// (masquerade, published ports, isolation between networks) rebuilt from the
// stored endpoints on every change.
//
// Each cell state root has its own manager, and roots share a host
// without sharing addresses: the default network is cell0 with
// 10.89.0.0/24 only for the default root, any other root's gets a bridge
// and a free subnet of its own; no subnet overlapping an address on a host
// link is taken; a bridge carries its root in its alias, and another root
// neither joins nor deletes it.
//
// Attach does all of that before the container exists, in a namespace it
// creates and binds to a file under the manager's root, whose path goes into
// the spec; Detach removes everything Attach made. Connect and Disconnect do
// the same for a namespace someone else made. InterfaceStats reads a
// container's traffic counters in runc's events shape.
//
// It does not set net.ipv4.ip_forward, which traffic between a bridge and
// the outside world (or another bridge) needs, nor any other global sysctl:
// only route_localnet of its own bridges. Everything runs in the caller's
// network namespace, which must be the same for Attach and Detach.
package network
