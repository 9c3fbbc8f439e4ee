package initproc

import (
	"strings"
	"testing"
)

// On the test process's own /proc nothing is masked and /proc/sys is
// writable, so checkPaths must report the paths that exist there unmasked
// or writable, and let absent paths, symlinks and paths outside /proc
// pass.
func TestCheckPaths(t *testing.T) {
	proc, err := openProcRoot()
	if err != nil {
		t.Fatal(err)
	}
	defer proc.close()
	for _, tc := range []struct {
		name             string
		masked, readonly []string
		want             string
	}{
		{"nothing asked", nil, nil, ""},
		{"an unmasked file", []string{"/proc/nosuch", "/proc/version"}, nil, `masked path "/proc/version"`},
		{"a writable dir", nil, []string{"/proc/sys"}, `read-only path "/proc/sys"`},
		{"absent, symlink, outside /proc", []string{"/proc/nosuch", "/proc/mounts", "/sys/firmware", "/procx"}, []string{"/proc/nosuch/x"}, ""},
	} {
		err := proc.checkPaths(tc.masked, tc.readonly)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
