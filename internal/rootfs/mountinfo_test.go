package rootfs

import "testing"

func TestParseMountinfoLine(t *testing.T) {
	line := `36 35 98:0 /mnt1 /mnt\040two rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue`
	m, ok := parseMountinfoLine(line)
	want := mountInfo{root: "/mnt1", mountpoint: "/mnt two", optional: "master:1 shared:2", fstype: "ext3", source: "/dev/root", super: "rw,errors=continue"}
	if !ok || m != want {
		t.Fatalf("got %+v, %v", m, ok)
	}
	if _, ok := parseMountinfoLine("garbage"); ok {
		t.Error("garbage parsed")
	}
}

func TestMountContaining(t *testing.T) {
	mounts := []mountInfo{{mountpoint: "/"}, {mountpoint: "/tmp"}, {mountpoint: "/tmpx"}}
	tests := []struct{ path, want string }{
		{"/tmp/a/b", "/tmp"}, {"/tmpx", "/tmpx"}, {"/tmpy", "/"}, {"/", "/"},
	}
	for _, tt := range tests {
		if m, _ := mountContaining(mounts, tt.path); m.mountpoint != tt.want {
			t.Errorf("%s: got %s, want %s", tt.path, m.mountpoint, tt.want)
		}
	}
}

func TestCgroupKey(t *testing.T) {
	paths := map[string]string{"memory": "/a", "cpu,cpuacct": "/b", "name=systemd": "/c", "": "/d"}
	tests := []struct {
		m    mountInfo
		want string
		ok   bool
	}{
		{mountInfo{fstype: "cgroup", super: "rw,memory"}, "memory", true},
		{mountInfo{fstype: "cgroup", super: "rw,cpu,cpuacct"}, "cpu,cpuacct", true},
		{mountInfo{fstype: "cgroup", super: "rw,xattr,name=systemd"}, "name=systemd", true},
		{mountInfo{fstype: "cgroup2", super: "rw"}, "", true},
		{mountInfo{fstype: "cgroup", super: "rw,pids"}, "", false},
	}
	for _, tt := range tests {
		if got, ok := cgroupKey(tt.m, paths); got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %q %v", tt.m.super, got, ok)
		}
	}
}
