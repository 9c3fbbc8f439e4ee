// Package top is `cell top`: a full-screen live view of containers, a row
// each with CPU and memory bars against their limits, a CPU history
// sparkline, throttling and OOM counts, sortable, with keys to pause,
// resume and kill the selected container.
//
// The view is a pure function of a Model that keys and samples update, so
// it is tested without a terminal; term.go puts it on one (raw mode, the
// alternate screen, restored on every way out). It does not sample
// containers or act on them itself: the caller passes functions that do.
//
// It drives the terminal itself instead of through bubbletea: bubbletea
// v1's package initialiser queries the terminal (OSC 11) whenever stdout
// is one, which would make every cell command, and container inits with a
// console, write escape sequences and wait up to 5 s for an answer.
package top

import (
	"cmp"
	"slices"
	"strings"

	"github.com/cell-runtime/cell/internal/usage"
)

// Row is one container as the view shows it.
type Row struct {
	usage.Figures
	Paused bool
}

// Sort orders of the rows.
var sortKeys = []string{"cpu", "mem", "pids", "name"}

// historyLen is how many CPU samples each container's sparkline keeps.
const historyLen = 60

// Model is the state of the view.
type Model struct {
	Rows     []Row
	History  map[string][]float64 // CPU % by container id, oldest first
	SortBy   string
	Reverse  bool   // ascending instead of descending (name: descending)
	Selected string // id of the selected row
	Width    int
	Height   int
	CPUs     int    // host CPUs, the CPU bar's scale when unlimited
	Message  string // a line of feedback; also the kill question
	// Confirm is the id awaiting a yes to be killed.
	Confirm string
}

// NewModel is an empty view of a width x height terminal on a host with cpus CPUs.
func NewModel(width, height, cpus int) *Model {
	return &Model{History: map[string][]float64{}, SortBy: "cpu", Width: width, Height: height, CPUs: cpus}
}

// SetRows takes a new sample: rows replace the old ones, histories grow,
// and the selection stays on the same container while it exists.
func (m *Model) SetRows(rows []Row) {
	seen := map[string]bool{}
	for _, r := range rows {
		h := append(m.History[r.ID], r.CPUPercent)
		if len(h) > historyLen {
			h = h[len(h)-historyLen:]
		}
		m.History[r.ID] = h
		seen[r.ID] = true
	}
	for id := range m.History {
		if !seen[id] {
			delete(m.History, id)
		}
	}
	m.Rows = slices.Clone(rows)
	m.sort()
	if !seen[m.Selected] {
		m.Selected = ""
		if len(m.Rows) > 0 {
			m.Selected = m.Rows[0].ID
		}
	}
}

func (m *Model) sort() {
	slices.SortStableFunc(m.Rows, func(a, b Row) int {
		var c int
		switch m.SortBy {
		case "cpu":
			c = cmp.Compare(b.CPUPercent, a.CPUPercent)
		case "mem":
			c = cmp.Compare(b.MemoryUsage, a.MemoryUsage)
		case "pids":
			c = cmp.Compare(b.Pids, a.Pids)
		default:
			c = strings.Compare(a.Name, b.Name)
		}
		if c == 0 {
			c = strings.Compare(a.ID, b.ID)
		}
		if m.Reverse {
			return -c
		}
		return c
	})
}

// selectedIndex is the position of the selected row, -1 if none.
func (m *Model) selectedIndex() int {
	return slices.IndexFunc(m.Rows, func(r Row) bool { return r.ID == m.Selected })
}

func (m *Model) selectedRow() (Row, bool) {
	if i := m.selectedIndex(); i >= 0 {
		return m.Rows[i], true
	}
	return Row{}, false
}
