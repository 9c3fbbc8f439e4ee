package top

import "slices"

// Action is what a key asks the caller to do.
type Action int

// The actions: None needs nothing, Quit ends the view, the others act on
// the container whose id Key returns.
const (
	None Action = iota
	Quit
	Pause
	Resume
	Kill
)

// Key applies a key press ("q", "ctrl+c", "up", "down", "j", "k", "s",
// "r", "p", "x", "y", ...) and returns the action it asks for, with the
// id of the container it applies to.
func (m *Model) Key(k string) (Action, string) {
	if m.Confirm != "" {
		return m.answer(k)
	}
	m.Message = ""
	switch k {
	case "q", "ctrl+c":
		return Quit, ""
	case "up", "k":
		m.move(-1)
	case "down", "j":
		m.move(1)
	case "s":
		m.SortBy = sortKeys[(slices.Index(sortKeys, m.SortBy)+1)%len(sortKeys)]
		m.sort()
	case "r":
		m.Reverse = !m.Reverse
		m.sort()
	case "p":
		if r, ok := m.selectedRow(); ok {
			if r.Paused {
				return Resume, r.ID
			}
			return Pause, r.ID
		}
	case "x":
		if r, ok := m.selectedRow(); ok {
			m.Confirm = r.ID
			m.Message = "kill " + r.Name + " with SIGKILL? (y/n)"
		}
	}
	return None, ""
}

// answer takes the reply to the kill question.
func (m *Model) answer(k string) (Action, string) {
	id := m.Confirm
	m.Confirm, m.Message = "", ""
	if k == "ctrl+c" {
		return Quit, ""
	}
	if k == "y" || k == "Y" {
		return Kill, id
	}
	return None, ""
}

// move shifts the selection by d rows, stopping at either end.
func (m *Model) move(d int) {
	if len(m.Rows) == 0 {
		return
	}
	i := min(max(m.selectedIndex()+d, 0), len(m.Rows)-1)
	m.Selected = m.Rows[i].ID
}
