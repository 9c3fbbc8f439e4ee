// Package nat writes cell's nftables rules with github.com/google/nftables:
// masquerade for traffic leaving a bridge network, DNAT for published ports
// (from outside and from the host itself, loopback included), and a forward
// filter that keeps different bridge networks from reaching each other.
//
// Apply replaces one whole table (ip family) in a single atomic transaction
// from a complete description, so rules never leak: callers describe what
// should exist, not what changed. It does not enable ip_forward; routing
// between a bridge and the outside world needs net.ipv4.ip_forward=1, which
// is the host administrator's choice.
package nat
