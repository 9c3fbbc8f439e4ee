package security

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// capLastCapFile holds the highest capability the running kernel knows.
const capLastCapFile = "/proc/sys/kernel/cap_last_cap"

var lastCap = sync.OnceValue(func() Cap {
	b, err := os.ReadFile(capLastCapFile)
	if err != nil {
		return Cap(len(capNames) - 1)
	}
	v, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || v < 0 {
		return Cap(len(capNames) - 1)
	}
	return Cap(v)
})

// LastCap returns the running kernel's highest capability (read once from
// /proc/sys/kernel/cap_last_cap; cell's own table when unreadable).
func LastCap() Cap { return lastCap() }

// ParseCaps turns "CAP_SYS_ADMIN" style names into capabilities, sorted
// and without duplicates. A name cell does not know is an error naming it;
// a known capability above the running kernel's cap_last_cap is dropped
// without error, as runc does. nil or empty gives nil.
func ParseCaps(names []string) ([]Cap, error) {
	return parseCaps(names, LastCap())
}

func parseCaps(names []string, last Cap) ([]Cap, error) {
	var set uint64
	for _, n := range names {
		c, ok := capByName[n]
		if !ok {
			return nil, fmt.Errorf("%w %q", ErrUnknownCap, n)
		}
		if c <= last {
			set |= 1 << c
		}
	}
	var out []Cap
	for c := Cap(0); c < 64; c++ {
		if set&(1<<c) != 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// capMask returns the bit mask of caps.
func capMask(caps []Cap) uint64 {
	var m uint64
	for _, c := range caps {
		m |= 1 << c
	}
	return m
}
