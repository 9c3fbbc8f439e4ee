package people

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"slices"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// defaultRange is the unprivileged range root's containers map to when
// /etc/subuid has no entry for root.
var defaultRange = specs.LinuxIDMapping{ContainerID: 0, HostID: 100000, Size: 65536}

// IDMaps returns the uid and gid maps of a private user namespace for the
// caller: for root, its range in /etc/subuid and /etc/subgid (or 100000
// and up, 65536 ids), so root inside is an unprivileged uid outside. Root
// of a user namespace other than the host's (cell run inside a container)
// maps the upper half of the ids its own namespace has, so that user
// namespaces nest, each level halving the range; with a single id, that
// id. Any other user is root inside as itself, and, when it has ranges in
// /etc/subuid and /etc/subgid and newuidmap and newgidmap are installed,
// has ids 1 and up mapped to those ranges.
func IDMaps() (uids, gids []specs.LinuxIDMapping, err error) {
	if os.Geteuid() != 0 {
		return userMaps()
	}
	if u, ok := nestedRange("/proc/self/uid_map"); ok {
		g, _ := nestedRange("/proc/self/gid_map")
		return []specs.LinuxIDMapping{u}, []specs.LinuxIDMapping{g}, nil
	}
	names := []string{"root", "0"}
	if u, err := user.LookupId("0"); err == nil {
		names[0] = u.Username
	}
	u, _, err := subRange("/etc/subuid", names...)
	if err != nil {
		return nil, nil, err
	}
	g, _, err := subRange("/etc/subgid", names...)
	if err != nil {
		return nil, nil, err
	}
	return []specs.LinuxIDMapping{u}, []specs.LinuxIDMapping{g}, nil
}

// userMaps are the maps of a user other than root (see IDMaps).
func userMaps() (uids, gids []specs.LinuxIDMapping, err error) {
	uid, gid := strconv.Itoa(os.Geteuid()), strconv.Itoa(os.Getegid())
	uids = []specs.LinuxIDMapping{{HostID: uint32(os.Geteuid()), Size: 1}}
	gids = []specs.LinuxIDMapping{{HostID: uint32(os.Getegid()), Size: 1}}
	names := []string{uid}
	if u, err := user.LookupId(uid); err == nil {
		names = append(names, u.Username)
	}
	gnames := []string{gid}
	if g, err := user.LookupGroupId(gid); err == nil {
		gnames = append(gnames, g.Name)
	}
	u, okU, err := subRange("/etc/subuid", names...)
	if err != nil {
		return nil, nil, err
	}
	g, okG, err := subRange("/etc/subgid", append(gnames, names...)...)
	if err != nil || !okU || !okG || !haveMapHelpers() {
		return uids, gids, err
	}
	u.ContainerID, g.ContainerID = 1, 1
	return append(uids, u), append(gids, g), nil
}

// haveMapHelpers reports whether newuidmap and newgidmap are installed.
func haveMapHelpers() bool {
	_, err1 := exec.LookPath("newuidmap")
	_, err2 := exec.LookPath("newgidmap")
	return err1 == nil && err2 == nil
}

// subRange returns the first range in a subordinate id file of an entry
// named by one of names, and whether there is one; defaultRange when the
// file or entry is missing.
func subRange(path string, names ...string) (specs.LinuxIDMapping, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return defaultRange, false, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(strings.TrimSpace(sc.Text()), ":")
		if len(fs) != 3 || !slices.Contains(names, fs[0]) {
			continue
		}
		start, err1 := strconv.ParseUint(fs[1], 10, 32)
		size, err2 := strconv.ParseUint(fs[2], 10, 32)
		if err1 != nil || err2 != nil || size == 0 {
			return specs.LinuxIDMapping{}, false, fmt.Errorf("%s: bad entry %q", path, sc.Text())
		}
		return specs.LinuxIDMapping{HostID: uint32(start), Size: uint32(size)}, true, nil
	}
	return defaultRange, false, sc.Err()
}

// nestedRange reads this process's uid_map or gid_map and, unless it is
// the host's identity map, returns the mapping for a nested namespace:
// the upper half of the ids mapped contiguously from 0, or id 0 alone.
func nestedRange(path string) (specs.LinuxIDMapping, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return specs.LinuxIDMapping{}, false
	}
	lengths := map[uint64]uint64{}
	for _, line := range strings.Split(string(b), "\n") {
		var inside, outside, length uint64
		if n, _ := fmt.Sscan(line, &inside, &outside, &length); n != 3 {
			continue
		}
		if inside == 0 && outside == 0 && length == 4294967295 {
			return specs.LinuxIDMapping{}, false
		}
		lengths[inside] = length
	}
	var size uint64
	for lengths[size] > 0 && size < 1<<32 {
		size += lengths[size]
	}
	if size < 2 {
		return specs.LinuxIDMapping{Size: 1}, true
	}
	return specs.LinuxIDMapping{HostID: uint32(size / 2), Size: uint32(size / 2)}, true
}
