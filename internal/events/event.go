// Package events produces cell's event stream, in the JSON shape of `runc
// events`: one object per line, {"type":...,"id":...,"data":...}.
//
// Three sources feed it. Lifecycle commands (create, start, pause, resume,
// delete) append a line to a journal file, <root>/events.log, under a
// lock. A watcher follows that journal and, for every live container,
// watches its init through a pidfd (the exit event with the wait status)
// and its memory cgroup (the oom event, from the v1 eventfd notification or
// v2 memory.events). Stats events are read from the cgroup on demand.
//
// The journal holds only what happened while someone may be listening: the
// first watcher creates it (until then the state root holds only
// containers), it is truncated when it grows past a MiB, and watchers
// start at its end. Exits and OOMs of containers nobody watched are not
// recorded.
package events

import (
	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/network/link"
	"github.com/cell-runtime/cell/internal/usage"
)

// Event types.
const (
	Create = "create"
	Start  = "start"
	Pause  = "pause"
	Resume = "resume"
	Delete = "delete"
	Exit   = "exit"
	OOM    = "oom"
	Stats  = "stats"
)

// Event is one line of the stream. Data is nil for lifecycle events and
// oom, ExitData for exit, StatsData for stats.
type Event struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Data any    `json:"data,omitempty"`
}

// ExitData is the data of an exit event.
type ExitData struct {
	// Status is the exit status as a shell reports it (128+N for signal
	// N); -1 when the kernel no longer knew it.
	Status int `json:"status"`
}

// StatsData is the data of a stats event: runc's stats object.
type StatsData struct {
	*cgroups.Stats
	NetworkInterfaces []NetworkInterface `json:"network_interfaces,omitempty"`
}

// NetworkInterface is a container's traffic as runc reports it, named by
// the host end of its veth, counted as the container sees it.
type NetworkInterface struct {
	Name      string `json:"name"`
	RxBytes   uint64 `json:"rx_bytes"`
	RxPackets uint64 `json:"rx_packets"`
	RxErrors  uint64 `json:"rx_errors"`
	RxDropped uint64 `json:"rx_dropped"`
	TxBytes   uint64 `json:"tx_bytes"`
	TxPackets uint64 `json:"tx_packets"`
	TxErrors  uint64 `json:"tx_errors"`
	TxDropped uint64 `json:"tx_dropped"`
}

// StatsEvent turns a usage sample into a stats event.
func StatsEvent(s *usage.Sample) Event {
	d := StatsData{Stats: s.Stats}
	if s.Net != nil {
		d.NetworkInterfaces = []NetworkInterface{netIface(s.Veth, s.Net)}
	}
	return Event{Type: Stats, ID: s.ID, Data: d}
}

func netIface(name string, n *link.Stats) NetworkInterface {
	return NetworkInterface{
		Name: name, RxBytes: n.RxBytes, RxPackets: n.RxPackets, RxErrors: n.RxErrors, RxDropped: n.RxDropped,
		TxBytes: n.TxBytes, TxPackets: n.TxPackets, TxErrors: n.TxErrors, TxDropped: n.TxDropped,
	}
}
