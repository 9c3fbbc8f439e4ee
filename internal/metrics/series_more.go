package metrics

import (
	"github.com/cell-runtime/cell/internal/cgroups/stats"
	"github.com/cell-runtime/cell/internal/usage"
)

var networkSeries = []series{
	netSeries("receive_bytes", "Bytes received", func(s *usage.Sample) uint64 { return s.Net.RxBytes }),
	netSeries("receive_packets", "Packets received", func(s *usage.Sample) uint64 { return s.Net.RxPackets }),
	netSeries("receive_errors", "Receive errors", func(s *usage.Sample) uint64 { return s.Net.RxErrors }),
	netSeries("receive_packets_dropped", "Received packets dropped", func(s *usage.Sample) uint64 { return s.Net.RxDropped }),
	netSeries("transmit_bytes", "Bytes sent", func(s *usage.Sample) uint64 { return s.Net.TxBytes }),
	netSeries("transmit_packets", "Packets sent", func(s *usage.Sample) uint64 { return s.Net.TxPackets }),
	netSeries("transmit_errors", "Transmit errors", func(s *usage.Sample) uint64 { return s.Net.TxErrors }),
	netSeries("transmit_packets_dropped", "Sent packets dropped", func(s *usage.Sample) uint64 { return s.Net.TxDropped }),
}

// netSeries is a counter of the container's veth, as the container sees
// it; containers without a veth (no network, host network) have none.
func netSeries(what, help string, get func(*usage.Sample) uint64) series {
	return series{"cell_container_network_" + what + "_total", help + " by the container, on its veth (labelled with the host end).", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point {
			if s.Net == nil {
				return nil
			}
			return []point{{labels: []Label{{"interface", s.Veth}}, v: float64(get(s))}}
		}}
}

// pressureSeries are PSI totals (cgroup v2 only): "waiting" is the time
// some tasks stalled, "stalled" the time all did.
var pressureSeries = []series{
	psiSeries("cpu", "waiting", func(s *stats.Stats) *stats.PSIStats { return s.CPU.PSI }, false),
	psiSeries("cpu", "stalled", func(s *stats.Stats) *stats.PSIStats { return s.CPU.PSI }, true),
	psiSeries("memory", "waiting", func(s *stats.Stats) *stats.PSIStats { return s.Memory.PSI }, false),
	psiSeries("memory", "stalled", func(s *stats.Stats) *stats.PSIStats { return s.Memory.PSI }, true),
	psiSeries("io", "waiting", func(s *stats.Stats) *stats.PSIStats { return s.Blkio.PSI }, false),
	psiSeries("io", "stalled", func(s *stats.Stats) *stats.PSIStats { return s.Blkio.PSI }, true),
}

func psiSeries(res, kind string, get func(*stats.Stats) *stats.PSIStats, full bool) series {
	help := "Time some of the container's tasks waited for " + res + " (PSI some, cgroup v2)."
	if full {
		help = "Time all of the container's tasks stalled on " + res + " (PSI full, cgroup v2)."
	}
	return series{"cell_container_pressure_" + res + "_" + kind + "_seconds_total", help, Counter,
		func(s *usage.Sample, _ *usage.Figures) []point {
			p := get(s.Stats)
			if p == nil {
				return nil
			}
			if full {
				return one(float64(p.Full.Total) / micro)
			}
			return one(float64(p.Some.Total) / micro)
		}}
}
