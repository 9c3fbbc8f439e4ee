package cgfile

import (
	"bufio"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Max is what ParseUint returns for the v2 value "max" (no limit).
const Max = math.MaxUint64

// ParseUint parses a cgroup number. "max" gives Max; a negative number (v1
// writes -1 for "no limit" in some files) gives 0.
func ParseUint(s string) (uint64, error) {
	s = strings.TrimSpace(s)
	if s == "max" {
		return Max, nil
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err == nil {
		return v, nil
	}
	if i, ierr := strconv.ParseInt(s, 10, 64); ierr == nil && i < 0 {
		return 0, nil
	}
	return 0, fmt.Errorf("parse cgroup value %q: %w", s, err)
}

// ReadUint reads a file holding one number (or "max").
func ReadUint(dir, name string) (uint64, error) {
	s, err := Read(dir, name)
	if err != nil {
		return 0, err
	}
	v, err := ParseUint(s)
	if err != nil {
		return 0, fmt.Errorf("%s/%s: %w", dir, name, err)
	}
	return v, nil
}

// ParseFlat parses "key value" lines (memory.stat, cpu.stat, memory.events)
// into a map. Lines whose value is not a number are skipped.
func ParseFlat(content string) map[string]uint64 {
	m := make(map[string]uint64)
	sc := bufio.NewScanner(strings.NewReader(content))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok {
			continue
		}
		if n, err := ParseUint(v); err == nil {
			m[k] = n
		}
	}
	return m
}

// ReadFlat reads a "key value" file into a map.
func ReadFlat(dir, name string) (map[string]uint64, error) {
	s, err := Read(dir, name)
	if err != nil {
		return nil, err
	}
	return ParseFlat(s), nil
}

// ParseNested parses one "key k1=v1 k2=v2" line (io.stat, *.pressure)
// into its key and a map of its fields. Values stay strings.
func ParseNested(line string) (string, map[string]string) {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return "", nil
	}
	m := make(map[string]string, len(fields)-1)
	for _, f := range fields[1:] {
		if k, v, ok := strings.Cut(f, "="); ok {
			m[k] = v
		}
	}
	return fields[0], m
}

// ParseDevice parses "major:minor" into its numbers.
func ParseDevice(s string) (major, minor uint64, err error) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, fmt.Errorf("parse device %q: want major:minor", s)
	}
	if major, err = strconv.ParseUint(a, 10, 64); err != nil {
		return 0, 0, fmt.Errorf("parse device %q: %w", s, err)
	}
	if minor, err = strconv.ParseUint(b, 10, 64); err != nil {
		return 0, 0, fmt.Errorf("parse device %q: %w", s, err)
	}
	return major, minor, nil
}
