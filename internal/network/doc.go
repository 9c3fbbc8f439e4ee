// Package network is container networking for `cell run --net`: it parses
// the mode (none, host, ns:NAME, container:ID, bridge or a named network),
// keeps named bridge networks under cell's state directory, and connects a
// container's network namespace to one: a veth to the network's bridge, an
// address from a persistent IPAM store, a default route, and nftables rules
// (masquerade, published ports, isolation between networks) rebuilt from the
// stored endpoints on every change.
//
// It does not create the container's namespace (the runtime does) and does
// not set net.ipv4.ip_forward, which outbound traffic from a bridge needs.
package network
