package cgroups

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Mode is a host's cgroup layout.
type Mode int

const (
	// V1 is controllers on cgroup v1 hierarchies only.
	V1 Mode = iota + 1
	// V2 is the unified hierarchy only (cgroup2 on /sys/fs/cgroup).
	V2
	// Hybrid is v1 controller hierarchies plus a cgroup2 mount (usually
	// /sys/fs/cgroup/unified) holding whichever controllers v1 left free.
	Hybrid
)

// String returns "v1", "v2" or "hybrid".
func (m Mode) String() string {
	switch m {
	case V1:
		return "v1"
	case V2:
		return "v2"
	case Hybrid:
		return "hybrid"
	}
	return "unknown"
}

// v1Controllers are the v1 controllers cell places containers in. Named
// hierarchies (name=systemd) are left alone.
var v1Controllers = []string{
	"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio",
	"pids", "hugetlb", "net_cls", "net_prio", "perf_event", "rdma", "misc",
}

// mount is one cgroup hierarchy as mounted: its mount point, the cgroup
// path shown at that mount point (root) and, for v1, its controllers.
type mount struct {
	Dir         string
	Root        string
	Controllers []string
}

// layout is what mountinfo says about cgroups: the first mount of each v1
// controller and of the unified hierarchy.
type layout struct {
	V1 map[string]mount
	V2 *mount
}

// Mode classifies the layout.
func (l *layout) Mode() (Mode, error) {
	switch {
	case len(l.V1) > 0 && l.V2 != nil:
		return Hybrid, nil
	case len(l.V1) > 0:
		return V1, nil
	case l.V2 != nil:
		return V2, nil
	}
	return 0, ErrNoCgroups
}

// Layout detects the host's cgroup layout from /proc/self/mountinfo.
func Layout() (Mode, error) {
	l, err := defaultHost().layout()
	if err != nil {
		return 0, err
	}
	return l.Mode()
}

// parseMountinfo reads mountinfo(5) lines and keeps the cgroup mounts.
func parseMountinfo(r io.Reader) (*layout, error) {
	l := &layout{V1: make(map[string]mount)}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		sep := slices.Index(fields, "-")
		if sep < 5 || len(fields) < sep+4 {
			continue
		}
		m := mount{Root: unescape(fields[3]), Dir: unescape(fields[4])}
		switch fields[sep+1] {
		case "cgroup2":
			if l.V2 == nil {
				l.V2 = &m
			}
		case "cgroup":
			addV1(l, m, fields[sep+3])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read mountinfo: %w", err)
	}
	return l, nil
}

// addV1 records a v1 mount under each controller named in its options.
func addV1(l *layout, m mount, opts string) {
	for _, o := range strings.Split(opts, ",") {
		if slices.Contains(v1Controllers, o) {
			m.Controllers = append(m.Controllers, o)
		}
	}
	for _, c := range m.Controllers {
		if _, ok := l.V1[c]; !ok {
			l.V1[c] = m
		}
	}
}

// unescape undoes mountinfo's octal escapes (\040 for a space).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// readLayout parses the mountinfo file at path.
func readLayout(path string) (*layout, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("detect cgroup layout: %w", err)
	}
	defer f.Close()
	return parseMountinfo(f)
}
