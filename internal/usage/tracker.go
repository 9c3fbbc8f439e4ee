package usage

import (
	"github.com/cell-runtime/cell/internal/container"
)

// Tracker keeps each container's previous sample so that repeated calls
// to Update yield CPU percentages over the time between calls.
type Tracker struct {
	hostMem uint64
	prev    map[string]*Sample
}

// NewTracker reads the host's memory (the limit of unlimited containers).
func NewTracker() (*Tracker, error) {
	m, err := HostMemory()
	if err != nil {
		return nil, err
	}
	return &Tracker{hostMem: m, prev: map[string]*Sample{}}, nil
}

// Update samples cs and returns their figures in the same order. A
// container that cannot be read (it stopped meanwhile) is left out. The
// first figures of a container have CPUPercent 0.
func (t *Tracker) Update(cs []*container.Container) []Figures {
	next := make(map[string]*Sample, len(cs))
	out := make([]Figures, 0, len(cs))
	for _, c := range cs {
		s, err := Take(c)
		if err != nil {
			continue
		}
		out = append(out, Compute(t.prev[c.ID], s, t.hostMem))
		next[c.ID] = s
	}
	t.prev = next
	return out
}
