package rootfs

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// mountCgroup handles a "cgroup" mount. On a pure cgroup v2 host it mounts
// cgroup2 (which shows the container's cgroup namespace root), falling back
// to a bind of the container's group when the kernel refuses. On v1 and
// hybrid hosts it mounts a tmpfs and binds, below it, the container's group
// of each hierarchy the host has mounted, named as on the host.
func mountCgroup(r *rootDir, m specs.Mount, mo mountOpts, opts Options) error {
	mounts, err := readMountinfo()
	if err != nil {
		return err
	}
	cgs := cgroupMounts(mounts)
	paths, err := containerCgroups(opts)
	if err != nil {
		return err
	}
	if len(cgs) == 1 && cgs[0].fstype == "cgroup2" {
		return mountCgroup2(r, m, mo, cgs[0], paths[""])
	}
	return mountCgroupTree(r, m, mo, cgs, paths)
}

// cgroupMounts are the host's cgroup and cgroup2 mounts, one per hierarchy.
func cgroupMounts(mounts []mountInfo) []mountInfo {
	var out []mountInfo
	seen := map[string]bool{}
	for _, m := range mounts {
		if (m.fstype == "cgroup" || m.fstype == "cgroup2") && !seen[m.super] {
			seen[m.super] = true
			out = append(out, m)
		}
	}
	return out
}

// containerCgroups maps controller fields to the container's cgroup path.
func containerCgroups(opts Options) (map[string]string, error) {
	if opts.CgroupPaths != nil {
		return opts.CgroupPaths, nil
	}
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return nil, fmt.Errorf("read own cgroups: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if parts := strings.SplitN(sc.Text(), ":", 3); len(parts) == 3 {
			out[parts[1]] = parts[2]
		}
	}
	return out, sc.Err()
}

// cgroupKey finds the controller field of paths that names hierarchy m.
func cgroupKey(m mountInfo, paths map[string]string) (string, bool) {
	if m.fstype == "cgroup2" {
		_, ok := paths[""]
		return "", ok
	}
	super := strings.Split(m.super, ",")
	for key := range paths {
		if key != "" && containsAll(super, strings.Split(key, ",")) {
			return key, true
		}
	}
	return "", false
}

func containsAll(set, want []string) bool {
	for _, w := range want {
		found := false
		for _, s := range set {
			found = found || s == w
		}
		if !found {
			return false
		}
	}
	return true
}

// mountCgroup2 mounts cgroup2 fresh, or binds the container's group.
func mountCgroup2(r *rootDir, m specs.Mount, mo mountOpts, host mountInfo, own string) error {
	err := mountAt(r, m.Destination, false, "cgroup2", "cgroup2", mo.flags, mo.dataString())
	if !errors.Is(err, unix.EPERM) && !errors.Is(err, unix.EBUSY) {
		return err
	}
	src, ok := groupDir(host, own)
	if !ok {
		return fmt.Errorf("cgroup %s is not below the host's cgroup2 mount", own)
	}
	bind := specs.Mount{Destination: m.Destination, Source: src, Options: slices.Concat(m.Options, []string{"rbind"})}
	return mountBind(r, bind, parseMountOptions(bind.Options))
}
