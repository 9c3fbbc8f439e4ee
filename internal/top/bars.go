package top

import "strings"

// bar draws frac (0..1, clamped) of width cells as a filled bar.
func bar(frac float64, width int) string {
	n := int(clamp(frac)*float64(width) + 0.5)
	return strings.Repeat("█", n) + strings.Repeat("·", width-n)
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws the last width values, each against max, one cell each;
// it is right-aligned, padded with blanks while history is short.
func sparkline(vals []float64, max float64, width int) string {
	if len(vals) > width {
		vals = vals[len(vals)-width:]
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", width-len(vals)))
	for _, v := range vals {
		f := 0.0
		if max > 0 {
			f = clamp(v / max)
		}
		b.WriteRune(sparks[int(f*float64(len(sparks)-1)+0.5)])
	}
	return b.String()
}

func clamp(f float64) float64 {
	switch {
	case f < 0 || f != f:
		return 0
	case f > 1:
		return 1
	}
	return f
}

// fit pads or cuts s to exactly width cells (s is one cell per rune).
func fit(s string, width int) string {
	r := []rune(s)
	if len(r) > width {
		if width <= 0 {
			return ""
		}
		return string(r[:width-1]) + "…"
	}
	return s + strings.Repeat(" ", width-len(r))
}
