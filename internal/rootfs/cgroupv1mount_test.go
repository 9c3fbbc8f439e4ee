package rootfs

import "testing"

func TestGroupSource(t *testing.T) {
	mem := mountInfo{root: "/", mountpoint: "/sys/fs/cgroup/memory"}
	nsRoot := mountInfo{root: "/process_api/x", mountpoint: "/sys/fs/cgroup/memory"}
	tests := []struct {
		name string
		cg   mountInfo
		p    string
		want string
		ok   bool
	}{
		{"manager path", mem, "/sys/fs/cgroup/memory/engp/libpod-1", "/sys/fs/cgroup/memory/engp/libpod-1", true},
		{"manager path, mount with a root", nsRoot, "/sys/fs/cgroup/memory/c1", "/sys/fs/cgroup/memory/c1", true},
		{"proc cgroup path", mem, "/cell/c1", "/sys/fs/cgroup/memory/cell/c1", true},
		{"proc cgroup path below the mount root", nsRoot, "/process_api/x/cell/c1", "/sys/fs/cgroup/memory/cell/c1", true},
		{"proc cgroup path outside the mount root", nsRoot, "/other/c1", "", false},
		{"a look-alike prefix is a hierarchy path", mem, "/sys/fs/cgroup/memoryx/c1", "/sys/fs/cgroup/memory/sys/fs/cgroup/memoryx/c1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := groupSource(tt.cg, tt.p)
			if got != tt.want || ok != tt.ok {
				t.Errorf("groupSource(%+v, %q) = %q, %v; want %q, %v", tt.cg, tt.p, got, ok, tt.want, tt.ok)
			}
		})
	}
}
