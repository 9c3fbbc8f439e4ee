package container

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// unprivileged reports whether cell runs as a user other than root, or as
// root of a user namespace other than the host's. Neither changes while
// cell runs, and create asks more than once: it is worked out once.
var unprivileged = sync.OnceValue(func() bool {
	if os.Geteuid() != 0 {
		return true
	}
	b, err := os.ReadFile("/proc/self/uid_map")
	if err != nil {
		return false
	}
	var inside, outside, length uint64
	n, _ := fmt.Sscan(string(b), &inside, &outside, &length)
	return n != 3 || inside != 0 || outside != 0 || length != 4294967295
})

// setgroupsAllowed reports whether a user namespace cell makes may allow
// setgroups(2): only root may, and not inside a user namespace that denies
// it (one a user other than root made), whose children inherit the denial.
func setgroupsAllowed() bool {
	if os.Geteuid() != 0 {
		return false
	}
	b, err := os.ReadFile("/proc/self/setgroups")
	return err != nil || strings.TrimSpace(string(b)) != "deny"
}

// startError explains a refused start of the init: making namespaces
// needs capabilities an unprivileged caller may lack.
func startError(err error) error {
	if errors.Is(err, unix.EPERM) && unprivileged() {
		return fmt.Errorf("start init: %w (making namespaces was refused: inside a container, run that one with --privileged; on a host, unprivileged user namespaces may be disabled)", err)
	}
	return fmt.Errorf("start init: %w", err)
}
