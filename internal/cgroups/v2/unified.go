package v2

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
)

// CheckUnifiedKey rejects keys of linux.resources.unified that are not
// plain interface file names.
func CheckUnifiedKey(key string) error {
	if key == "" || key == "." || key == ".." || strings.ContainsAny(key, "/\x00") {
		return cgfile.Fieldf("linux.resources.unified["+key+"]", "not a plain cgroup file name")
	}
	return nil
}

// UnifiedController is the controller a unified key belongs to ("memory"
// for "memory.high"); "" for core files (cgroup.*) and unknown shapes.
func UnifiedController(key string) string {
	c, _, ok := strings.Cut(key, ".")
	if !ok || c == "cgroup" {
		return ""
	}
	return c
}

// SetUnified writes each key=value of linux.resources.unified, in key order
// so failures are reproducible. Keys must name existing files.
func SetUnified(dir string, m map[string]string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := CheckUnifiedKey(k); err != nil {
			return err
		}
		field := fmt.Sprintf("linux.resources.unified[%s]", k)
		if !cgfile.Exists(dir, k) {
			return cgfile.Fieldf(field, "no such file in the cgroup (controller not available?)")
		}
		if err := cgfile.Write(dir, k, m[k]); err != nil {
			return cgfile.FieldErr(field, err)
		}
	}
	return nil
}
