package metrics

import (
	"slices"

	"github.com/cell-runtime/cell/internal/usage"
)

// all lists every family in the order they are written.
var all = slices.Concat(cpuSeries, memorySeries, pidsSeries, ioSeries, networkSeries, pressureSeries)

// Collect turns samples into families; every series carries the labels id
// and name (the run.cell.name annotation, else the id). hostMem is the
// host's memory, the limit of unlimited containers.
func Collect(samples []*usage.Sample, hostMem uint64) []Family {
	fams := []Family{{Name: "cell_containers", Help: "Containers running or paused.", Type: Gauge,
		Samples: []Sample{{Value: float64(len(samples))}}}}
	figs := make([]usage.Figures, len(samples))
	for i, s := range samples {
		figs[i] = usage.Compute(nil, s, hostMem)
	}
	for _, def := range all {
		f := Family{Name: def.name, Help: def.help, Type: def.typ}
		for i, s := range samples {
			for _, p := range def.points(s, &figs[i]) {
				labels := append([]Label{{"id", s.ID}, {"name", s.Name}}, p.labels...)
				f.Samples = append(f.Samples, Sample{Labels: labels, Value: p.v})
			}
		}
		fams = append(fams, f)
	}
	return fams
}

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Scrape samples the running and paused containers of the state root.
// Containers that stop while being read are left out.
func Scrape(root string, hostMem uint64) ([]Family, error) {
	cs, err := usage.Running(root, nil)
	if err != nil {
		return nil, err
	}
	var samples []*usage.Sample
	for _, c := range cs {
		if s, err := usage.Take(c); err == nil {
			samples = append(samples, s)
		}
	}
	return Collect(samples, hostMem), nil
}
