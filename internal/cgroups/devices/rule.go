package devices

import (
	"fmt"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Line is one v1 rule: Rule ("c 1:3 rwm") goes to devices.allow when Allow
// is true, to devices.deny otherwise.
type Line struct {
	Allow bool
	Rule  string
}

// V1Lines formats rules, in order, as v1 lines. An empty type means all
// devices ("a"), a nil major or minor means any ("*"), an empty access
// means "rwm".
func V1Lines(rules []specs.LinuxDeviceCgroup) ([]Line, error) {
	lines := make([]Line, 0, len(rules))
	for i, r := range rules {
		typ, err := devType(r.Type)
		if err != nil {
			return nil, fmt.Errorf("rule %d: %w", i, err)
		}
		access, err := normAccess(r.Access)
		if err != nil {
			return nil, fmt.Errorf("rule %d: %w", i, err)
		}
		rule := typ
		if typ != "a" {
			rule = fmt.Sprintf("%s %s:%s %s", typ, num(r.Major), num(r.Minor), access)
		}
		lines = append(lines, Line{Allow: r.Allow, Rule: rule})
	}
	return lines, nil
}

// devType checks a spec device type.
func devType(t string) (string, error) {
	switch t {
	case "", "a":
		return "a", nil
	case "c", "b":
		return t, nil
	}
	return "", fmt.Errorf("device type %q: want a, b or c", t)
}

// normAccess checks an access string; "" means all.
func normAccess(a string) (string, error) {
	if a == "" {
		return "rwm", nil
	}
	if strings.Trim(a, "rwm") != "" {
		return "", fmt.Errorf("device access %q: want letters r, w, m", a)
	}
	return a, nil
}

func num(p *int64) string {
	if p == nil || *p < 0 {
		return "*"
	}
	return fmt.Sprint(*p)
}
