package container

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The kernel's lists of online CPUs and memory nodes; a host without NUMA
// may lack the node list, and then has node 0 only.
var (
	cpuOnlinePath  = "/sys/devices/system/cpu/online"
	nodeOnlinePath = "/sys/devices/system/node/online"
)

// idRange is one "a-b" (or "a") element of a kernel list.
type idRange struct{ lo, hi int }

// parseList parses a kernel list such as "0-3,5".
func parseList(s string) ([]idRange, error) {
	var out []idRange
	for _, elem := range strings.Split(strings.TrimSpace(s), ",") {
		a, b, isRange := strings.Cut(elem, "-")
		lo, err := strconv.Atoi(a)
		hi := lo
		if err == nil && isRange {
			hi, err = strconv.Atoi(b)
		}
		if err != nil || lo < 0 || hi < lo {
			return nil, fmt.Errorf("%q is not a list such as 0-3,5", s)
		}
		out = append(out, idRange{lo, hi})
	}
	return out, nil
}

// checkList checks that list names only ids the kernel list at path shows.
func checkList(list, path string) error {
	want, err := parseList(list)
	if err != nil {
		return err
	}
	online, err := readOnline(path)
	if err != nil {
		return err
	}
	for _, r := range want {
		for id := r.lo; id <= r.hi; id++ {
			if !contains(online, id) {
				return fmt.Errorf("%q names %d, which this host does not have (it has %s)", list, id, format(online))
			}
		}
	}
	return nil
}

// readOnline reads the kernel list at path; a missing file means "0".
func readOnline(path string) ([]idRange, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return []idRange{{0, 0}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return parseList(string(b))
}

func contains(rs []idRange, id int) bool {
	for _, r := range rs {
		if id >= r.lo && id <= r.hi {
			return true
		}
	}
	return false
}

func format(rs []idRange) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = strconv.Itoa(r.lo)
		if r.hi != r.lo {
			parts[i] += "-" + strconv.Itoa(r.hi)
		}
	}
	return strings.Join(parts, ",")
}
