package usage

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// HostMemory is MemTotal of /proc/meminfo in bytes.
func HostMemory() (uint64, error) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, fmt.Errorf("host memory: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		kb, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(kb), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("host memory: MemTotal %q: %w", kb, err)
		}
		return n * 1024, nil
	}
	return 0, fmt.Errorf("host memory: no MemTotal in /proc/meminfo")
}
