package people

import (
	"bufio"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// defaultRange is the unprivileged range root's containers map to when
// /etc/subuid has no entry for root.
var defaultRange = specs.LinuxIDMapping{ContainerID: 0, HostID: 100000, Size: 65536}

// IDMaps returns the uid and gid maps of a private user namespace for the
// caller: for root, its range in /etc/subuid and /etc/subgid (or 100000
// and up, 65536 ids), so root inside is an unprivileged uid outside; for
// another user, its own uid and gid as root inside (one id: wider ranges
// need newuidmap, not supported yet). Root of a user namespace other than
// the host's (cell run inside a container) maps the upper half of the ids
// its own namespace has, so that user namespaces nest, each level halving
// the range; with a single id, that id.
func IDMaps() (uids, gids []specs.LinuxIDMapping, err error) {
	if os.Geteuid() != 0 {
		return []specs.LinuxIDMapping{{HostID: uint32(os.Geteuid()), Size: 1}},
			[]specs.LinuxIDMapping{{HostID: uint32(os.Getegid()), Size: 1}}, nil
	}
	if u, ok := nestedRange("/proc/self/uid_map"); ok {
		g, _ := nestedRange("/proc/self/gid_map")
		return []specs.LinuxIDMapping{u}, []specs.LinuxIDMapping{g}, nil
	}
	u, err := subRange("/etc/subuid")
	if err != nil {
		return nil, nil, err
	}
	g, err := subRange("/etc/subgid")
	if err != nil {
		return nil, nil, err
	}
	return []specs.LinuxIDMapping{u}, []specs.LinuxIDMapping{g}, nil
}

// subRange returns root's first range in a subordinate id file, or
// defaultRange when the file or entry is missing.
func subRange(path string) (specs.LinuxIDMapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return defaultRange, nil
	}
	defer f.Close()
	name := "root"
	if u, err := user.LookupId("0"); err == nil {
		name = u.Username
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(strings.TrimSpace(sc.Text()), ":")
		if len(fs) != 3 || fs[0] != name && fs[0] != "0" {
			continue
		}
		start, err1 := strconv.ParseUint(fs[1], 10, 32)
		size, err2 := strconv.ParseUint(fs[2], 10, 32)
		if err1 != nil || err2 != nil || size == 0 {
			return specs.LinuxIDMapping{}, fmt.Errorf("%s: bad entry %q", path, sc.Text())
		}
		return specs.LinuxIDMapping{HostID: uint32(start), Size: uint32(size)}, nil
	}
	return defaultRange, sc.Err()
}

// nestedRange reads this process's uid_map or gid_map and, unless it is
// the host's identity map, returns the mapping for a nested namespace:
// the upper half of the range that starts at id 0, or id 0 alone.
func nestedRange(path string) (specs.LinuxIDMapping, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return specs.LinuxIDMapping{}, false
	}
	var size uint32
	for _, line := range strings.Split(string(b), "\n") {
		var inside, outside, length uint64
		if n, _ := fmt.Sscan(line, &inside, &outside, &length); n != 3 {
			continue
		}
		if inside == 0 && outside == 0 && length == 4294967295 {
			return specs.LinuxIDMapping{}, false
		}
		if inside == 0 {
			size = uint32(length)
		}
	}
	if size < 2 {
		return specs.LinuxIDMapping{Size: 1}, true
	}
	return specs.LinuxIDMapping{HostID: size / 2, Size: size / 2}, true
}
