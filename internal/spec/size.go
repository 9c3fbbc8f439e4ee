package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// sizeUnits are the suffixes ParseSize accepts, as powers of 1024 (Docker's
// units: 64m is 64 MiB).
var sizeUnits = map[byte]int64{'b': 1, 'k': 1 << 10, 'm': 1 << 20, 'g': 1 << 30, 't': 1 << 40}

// ParseSize parses a byte count such as 1024, 64m, 1g or 1.5G (suffixes
// b, k, m, g, t, optionally followed by "b" or "ib"; case-insensitive;
// powers of 1024). Negative or empty values are errors.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "ib"), "b")
	mult := int64(1)
	if n := len(t); n > 0 {
		if m, ok := sizeUnits[t[n-1]]; ok {
			mult, t = m, t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || v*float64(mult) >= 1<<63 {
		return 0, fmt.Errorf("size %q: want a number with an optional unit (b, k, m, g, t)", s)
	}
	return int64(v * float64(mult)), nil
}

// flagSize parses a size given to flag, naming the flag in the error.
func flagSize(flag, s string) (int64, error) {
	v, err := ParseSize(s)
	if err != nil {
		return 0, fmt.Errorf("--%s: %w", flag, err)
	}
	return v, nil
}
