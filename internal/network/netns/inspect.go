package netns

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// nsKey identifies a namespace by the device and inode of its nsfs file.
type nsKey struct{ dev, ino uint64 }

func keyOf(path string) (nsKey, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return nsKey{}, err
	}
	return nsKey{st.Dev, st.Ino}, nil
}

// Identify returns the names that refer to the network namespace of process
// pid, as `ip netns identify PID` prints them.
func Identify(pid int) ([]string, error) {
	want, err := keyOf(fmt.Sprintf("/proc/%d/ns/net", pid))
	if err != nil {
		return nil, fmt.Errorf("netns identify %d: %w", pid, err)
	}
	names, err := List()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if k, err := keyOf(Path(n)); err == nil && k == want {
			out = append(out, n)
		}
	}
	return out, nil
}

// Pids returns the processes whose network namespace is the one called name,
// sorted, as `ip netns pids NAME` does.
func Pids(name string) ([]int, error) {
	want, err := keyOf(Path(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("netns pids %q: %w", name, ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("netns pids %q: %w", name, err)
	}
	procs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		return nil, fmt.Errorf("netns pids %q: %w", name, err)
	}
	var pids []int
	for _, p := range procs {
		pid, err := strconv.Atoi(filepath.Base(p))
		if err != nil {
			continue
		}
		if k, err := keyOf(p + "/ns/net"); err == nil && k == want {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	return pids, nil
}

// AutoID asks SetID to let the kernel choose the id.
const AutoID = -1

// ID returns the namespace id (nsid) that the current network namespace
// uses for the namespace called name, or -1 when none is assigned.
func ID(name string) (int, error) {
	f, err := os.Open(Path(name))
	if err != nil {
		return -1, fmt.Errorf("netns id %q: %w", name, ErrNotExist)
	}
	defer f.Close()
	id, err := netlink.GetNetNsIdByFd(int(f.Fd()))
	if err != nil {
		return -1, fmt.Errorf("netns id %q: %w", name, err)
	}
	return id, nil
}

// SetID assigns the id the current network namespace uses for the namespace
// called name (`ip netns set NAME ID`); AutoID lets the kernel pick one. An
// id, once set, cannot be changed.
func SetID(name string, id int) error {
	f, err := os.Open(Path(name))
	if err != nil {
		return fmt.Errorf("netns set %q: %w", name, ErrNotExist)
	}
	defer f.Close()
	if err := netlink.SetNetNsIdByFd(int(f.Fd()), id); err != nil {
		return fmt.Errorf("netns set %q %d: %w", name, id, err)
	}
	return nil
}
