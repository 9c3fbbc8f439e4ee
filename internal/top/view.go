package top

import (
	"fmt"
	"strings"
	"time"

	"github.com/cell-runtime/cell/internal/units"
)

// Column widths; a row is 79 cells, so the view fits 80 columns.
const (
	nameW  = 12
	barW   = 8
	sparkW = 10
)

const (
	reverse = "\033[7m"
	bold    = "\033[1m"
	reset   = "\033[0m"
)

// View renders the model as exactly Height lines, each cut to Width
// cells, with ANSI attributes (bold header, reverse-video selection).
func (m *Model) View(now time.Time) []string {
	head := fmt.Sprintf("cell top - %d containers - sort: %s%s - %s",
		len(m.Rows), m.SortBy, map[bool]string{false: "", true: ", reversed"}[m.Reverse], now.Format("15:04:05"))
	lines := []string{bold + fit(head, m.Width) + reset, bold + fit(columns, m.Width) + reset}
	room := max(m.Height-4, 0)
	first := m.firstVisible(room)
	for i := first; i < len(m.Rows) && i < first+room; i++ {
		line := fit(m.row(m.Rows[i]), m.Width)
		if m.Rows[i].ID == m.Selected {
			line = reverse + line + reset
		}
		lines = append(lines, line)
	}
	if len(m.Rows) == 0 {
		lines = append(lines, fit("no running containers", m.Width))
	}
	for len(lines) < m.Height-2 {
		lines = append(lines, "")
	}
	lines = append(lines, fit(m.Message, m.Width), fit(footer, m.Width))
	return lines[:min(len(lines), m.Height)]
}

var columns = fmt.Sprintf("%-*s %6s %-*s %-*s %7s %-*s %4s %5s %3s %-6s",
	nameW, "NAME", "CPU%", barW, "", sparkW, "CPU HIST", "MEM", barW, "MEM/LIM", "PIDS", "THROT", "OOM", "STATE")

const footer = "↑↓ select  s sort  r reverse  p pause/resume  x kill  q quit"

// row is one container's line.
func (m *Model) row(r Row) string {
	scale := r.CPULimit
	if scale == 0 {
		scale = float64(max(m.CPUs, 1))
	}
	state := "run"
	if r.Paused {
		state = "paused"
	}
	return fmt.Sprintf("%-*s %5.1f%% %s %s %7s %s %4d %5s %3d %-6s",
		nameW, fit(r.Name, nameW), r.CPUPercent, bar(r.CPUPercent/100/scale, barW),
		sparkline(m.History[r.ID], 100*scale, sparkW), units.IEC(r.MemoryUsage),
		bar(r.MemoryPercent/100, barW), r.Pids, count(r.ThrottledPeriods), r.OOMKills, state)
}

// count writes n in at most 5 cells.
func count(n uint64) string {
	if n < 100000 {
		return fmt.Sprint(n)
	}
	return strings.TrimSuffix(units.SI(n), "B")
}

// firstVisible scrolls so that the selected row is among the room shown.
func (m *Model) firstVisible(room int) int {
	i := m.selectedIndex()
	if i < room || room == 0 {
		return 0
	}
	return i - room + 1
}
