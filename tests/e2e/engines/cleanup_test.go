package engines

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// workDir makes a short private directory for an engine (unix socket paths
// are limited to 108 bytes) and removes it, and whatever is mounted below
// it, at the end of the test.
func workDir(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ce2e-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		unmountUnder(t, dir)
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("remove %s: %v", dir, err)
		}
	})
	return dir
}

// unmountUnder detaches every mount at or below dir, deepest first.
func unmountUnder(t *testing.T, dir string) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return
	}
	defer f.Close()
	var points []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && (fields[4] == dir || strings.HasPrefix(fields[4], dir+"/")) {
			points = append(points, fields[4])
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(points)))
	for _, p := range points {
		if err := unix.Unmount(p, unix.MNT_DETACH); err != nil && err != unix.EINVAL {
			t.Errorf("unmount %s: %v", p, err)
		}
	}
}

// cgroupRoots are the hierarchies engines may make cgroups in.
var cgroupRoots = []string{
	"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpuset",
	"/sys/fs/cgroup/memory", "/sys/fs/cgroup/devices", "/sys/fs/cgroup/freezer",
	"/sys/fs/cgroup/blkio", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/systemd",
	"/sys/fs/cgroup/unified", "/sys/fs/cgroup/net_cls,net_prio", "/sys/fs/cgroup/perf_event",
	"/sys/fs/cgroup/hugetlb", "/sys/fs/cgroup/rdma", "/sys/fs/cgroup/misc",
	"/run/cell/cgroup/net_cls,net_prio",
}

// removeCgroups removes the cgroup NAME (a path below each hierarchy's
// root, private to one test) and everything below it, in every hierarchy,
// at the end of the test.
func removeCgroups(t *testing.T, name string) {
	t.Cleanup(func() {
		for _, r := range cgroupRoots {
			if err := rmdirTree(filepath.Join(r, name)); err != nil {
				t.Errorf("remove cgroup %s: %v", filepath.Join(r, name), err)
			}
		}
		// The net_cls,net_prio hierarchy the daemons saw, from a private
		// mount namespace of our own.
		script := `grep -q net_cls /proc/self/mountinfo || mount -t cgroup -o net_cls,net_prio cgroup "$0" || exit 1
			find "$0/$1" -depth -type d -exec rmdir {} + 2>/dev/null; test ! -e "$0/$1"`
		out, err := exec.Command("unshare", "--mount", "--propagation", "private", "--",
			"/bin/sh", "-c", script, netMountDir, name).CombinedOutput()
		if err != nil {
			t.Errorf("remove net_cls cgroup %s: %v %s", name, err, out)
		}
	})
}

// rmdirTree removes a cgroup directory tree bottom-up; a cgroup still
// holding processes fails with EBUSY.
func rmdirTree(dir string) error {
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	for _, e := range ents {
		if e.IsDir() {
			if err := rmdirTree(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := unix.Rmdir(dir); err != nil && err != unix.ENOENT {
		return err
	}
	return nil
}

// cleanCell deletes, forcibly, every container left in a cell state root
// or in the roots one level below it (containerd's shim adds the
// namespace to the root it is given).
func cleanCell(t *testing.T, root string) {
	t.Cleanup(func() { deleteAll(t, root, 1) })
}

func deleteAll(t *testing.T, root string, depth int) {
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(root, e.Name(), "state.json")); err != nil {
			if depth > 0 && e.IsDir() {
				deleteAll(t, filepath.Join(root, e.Name()), depth-1)
			}
			continue
		}
		t.Errorf("container %s left in %s; deleting it", e.Name(), root)
		if out, code := run(t, nil, cellBin, "--root", root, "delete", "--force", e.Name()); code != 0 {
			t.Errorf("cell delete --force %s: %s", e.Name(), out)
		}
	}
}
