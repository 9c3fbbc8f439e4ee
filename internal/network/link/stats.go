package link

import (
	"fmt"

	"github.com/vishvananda/netlink"
)

// Stats are a container's traffic counters as the container sees them:
// Rx is what it received. They are read from the host end of its veth, whose
// transmit is the container's receive.
type Stats struct {
	RxBytes, RxPackets, RxDropped, RxErrors uint64
	TxBytes, TxPackets, TxDropped, TxErrors uint64
}

// ReadStats returns the counters of the veth whose host end is host.
func ReadStats(host string) (Stats, error) {
	l, err := netlink.LinkByName(host)
	if err != nil {
		return Stats{}, fmt.Errorf("stats of %s: %w", host, err)
	}
	s := l.Attrs().Statistics
	if s == nil {
		return Stats{}, fmt.Errorf("stats of %s: kernel reported none", host)
	}
	return Stats{
		RxBytes: s.TxBytes, RxPackets: s.TxPackets, RxDropped: s.TxDropped, RxErrors: s.TxErrors,
		TxBytes: s.RxBytes, TxPackets: s.RxPackets, TxDropped: s.RxDropped, TxErrors: s.RxErrors,
	}, nil
}
