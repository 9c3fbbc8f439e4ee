// Package cgfile reads and writes cgroup interface files (memory.max,
// cpu.shares, ...) and parses their common formats: single numbers, "max",
// flat "key value" lists and nested "key k=v ..." lines.
//
// It knows nothing about controllers or layouts; the v1 and v2 packages
// build on it. It does not resolve paths: callers pass the cgroup directory.
package cgfile
