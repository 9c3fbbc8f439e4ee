package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkCgroupsGone reports whether the cgroup2 root at dir has no child
// cgroups: nothing in the VM makes any but the tests, which must remove
// what they make. It prints each one left behind.
func checkCgroupsGone(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Printf("vminit: leftover cgroups: %v\n", err)
		return false
	}
	ok := true
	for _, e := range entries {
		if e.IsDir() {
			fmt.Printf("vminit: cgroup left behind: %s\n", filepath.Join(dir, e.Name()))
			ok = false
		}
	}
	return ok
}
