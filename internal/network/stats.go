package network

import "github.com/cell-runtime/cell/internal/network/link"

// NetworkInterface is one interface's counters in the shape of runc's
// events stats (types.NetworkInterface, listed under "network_interfaces"):
// like runc's, its fields carry no JSON tags, so they encode as "Name",
// "RxBytes" and so on. Rx is what the container received.
type NetworkInterface struct {
	// Name is the host end of the container's veth, as runc reports it.
	Name string

	RxBytes   uint64
	RxPackets uint64
	RxErrors  uint64
	RxDropped uint64
	TxBytes   uint64
	TxPackets uint64
	TxErrors  uint64
	TxDropped uint64
}

// InterfaceStats returns the counters of the container whose veth has the
// host end hostVeth (the run.cell.veth annotation), read from that end in
// the caller's network namespace and turned round to the container's view.
func InterfaceStats(hostVeth string) (*NetworkInterface, error) {
	s, err := link.ReadStats(hostVeth)
	if err != nil {
		return nil, err
	}
	return &NetworkInterface{Name: hostVeth,
		RxBytes: s.RxBytes, RxPackets: s.RxPackets, RxErrors: s.RxErrors, RxDropped: s.RxDropped,
		TxBytes: s.TxBytes, TxPackets: s.TxPackets, TxErrors: s.TxErrors, TxDropped: s.TxDropped,
	}, nil
}

// Stats returns the counters of container id on network.
func (m *Manager) Stats(network, id string) (*NetworkInterface, error) {
	return InterfaceStats(m.vethName(network, id))
}
