package network

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/network/netns"
)

// TestMain undoes the shared /run/netns mount that netns.Add makes (as ip
// netns does) when the tests were the ones to make it.
func TestMain(m *testing.M) {
	was := mounted(netns.Dir)
	code := m.Run()
	if !was && mounted(netns.Dir) {
		if entries, _ := os.ReadDir(netns.Dir); len(entries) == 0 {
			_ = unix.Unmount(netns.Dir, unix.MNT_DETACH)
		}
	}
	os.Exit(code)
}

func mounted(dir string) bool {
	b, _ := os.ReadFile("/proc/self/mountinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[4] == dir {
			return true
		}
	}
	return false
}
