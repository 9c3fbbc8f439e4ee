package top

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cell-runtime/cell/internal/usage"
)

func rows() []Row {
	return []Row{
		{Figures: usage.Figures{ID: "a", Name: "alpha", CPUPercent: 5, MemoryUsage: 300, Pids: 1}},
		{Figures: usage.Figures{ID: "b", Name: "beta", CPUPercent: 90, MemoryUsage: 100, Pids: 3}},
		{Figures: usage.Figures{ID: "c", Name: "gamma", CPUPercent: 40, MemoryUsage: 200, Pids: 2}, Paused: true},
	}
}

func ids(m *Model) string {
	var s []string
	for _, r := range m.Rows {
		s = append(s, r.ID)
	}
	return strings.Join(s, "")
}

func TestSortKeys(t *testing.T) {
	cases := []struct {
		keys []string
		want string
	}{
		{nil, "bca"},
		{[]string{"s"}, "acb"},
		{[]string{"s", "s"}, "bca"},
		{[]string{"s", "s", "s"}, "abc"},
		{[]string{"s", "s", "s", "r"}, "cba"},
		{[]string{"r"}, "acb"},
		{[]string{"s", "s", "s", "s"}, "bca"},
	}
	for _, c := range cases {
		m := NewModel(80, 24, 2)
		m.SetRows(rows())
		for _, k := range c.keys {
			m.Key(k)
		}
		if got := ids(m); got != c.want {
			t.Errorf("keys %v: order %s, want %s", c.keys, got, c.want)
		}
	}
}

func TestKeysActOnSelection(t *testing.T) {
	m := NewModel(80, 24, 2)
	m.SetRows(rows()) // by cpu: b c a; b selected
	steps := []struct {
		key    string
		act    Action
		id     string
		sel    string
		prompt bool
	}{
		{"p", Pause, "b", "b", false},
		{"down", None, "", "c", false},
		{"p", Resume, "c", "c", false},
		{"j", None, "", "a", false},
		{"down", None, "", "a", false},
		{"x", None, "", "a", true},
		{"n", None, "", "a", false},
		{"x", None, "", "a", true},
		{"y", Kill, "a", "a", false},
		{"k", None, "", "c", false},
		{"up", None, "", "b", false},
		{"up", None, "", "b", false},
		{"ctrl+c", Quit, "", "b", false},
	}
	for i, s := range steps {
		a, id := m.Key(s.key)
		if a != s.act || id != s.id || m.Selected != s.sel || (m.Confirm != "") != s.prompt {
			t.Fatalf("step %d (%s): action %v %q, selected %q, confirm %q; want %v %q %q prompt %v",
				i, s.key, a, id, m.Selected, m.Confirm, s.act, s.id, s.sel, s.prompt)
		}
	}
}

func TestSelectionFollowsContainer(t *testing.T) {
	m := NewModel(80, 24, 2)
	m.SetRows(rows())
	m.Key("down") // c
	r := rows()
	r[2].CPUPercent = 99 // c now first
	m.SetRows(r)
	if m.Selected != "c" || ids(m) != "cba" {
		t.Errorf("selected %q order %s, want c on cba", m.Selected, ids(m))
	}
	m.SetRows(r[:2]) // c gone
	if m.Selected != "b" || len(m.History) != 2 {
		t.Errorf("selected %q, %d histories; want b, 2", m.Selected, len(m.History))
	}
}

// The view is exactly the terminal's size, in 80x24 and smaller.
func TestViewFits(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 10}, {100, 5}} {
		m := NewModel(size[0], size[1], 2)
		var many []Row
		for i := range 30 {
			many = append(many, Row{Figures: usage.Figures{ID: string(rune('a' + i)), Name: strings.Repeat("n", 20), CPUPercent: 100}})
		}
		m.SetRows(many)
		m.Key("up")
		for range 25 {
			m.Key("down")
		}
		lines := m.View(time.Unix(0, 0))
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		selected := false
		for _, l := range lines {
			plain := strings.NewReplacer(reverse, "", bold, "", reset, "").Replace(l)
			if n := utf8.RuneCountInString(plain); n > size[0] {
				t.Errorf("%v: line of %d cells: %q", size, n, plain)
			}
			selected = selected || strings.HasPrefix(l, reverse)
		}
		if size[1] > 4 && !selected {
			t.Errorf("%v: selected row scrolled out of view", size)
		}
	}
}

func TestBarsAndSparkline(t *testing.T) {
	cases := []struct{ got, want string }{
		{bar(0.5, 8), "████····"},
		{bar(2, 4), "████"},
		{bar(-1, 4), "····"},
		{sparkline([]float64{0, 50, 100, 200}, 100, 6), "  ▁▅██"},
		{sparkline([]float64{1, 2, 3}, 0, 2), "▁▁"},
		{fit("abcdef", 4), "abc…"},
		{fit("ab", 4), "ab  "},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestParseKeys(t *testing.T) {
	got := strings.Join(parseKeys([]byte("q\x1b[A\x1b[Bx\x03\x1b")), ",")
	if got != "q,up,down,x,ctrl+c,esc" {
		t.Errorf("keys %s", got)
	}
}
