package cgroups

import (
	"errors"
	"strings"
	"testing"
)

const hybridMountinfo = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`

func TestParseMountinfo(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		mode     Mode
		ctrls    []string
		v2Dir    string
		wantNone bool
	}{
		{name: "hybrid", in: hybridMountinfo, mode: Hybrid, ctrls: []string{"cpu", "cpuacct", "memory"}, v2Dir: "/sys/fs/cgroup/unified"},
		{name: "v1 without unified", in: strings.Replace(hybridMountinfo, "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n", "", 1),
			mode: V1, ctrls: []string{"cpu", "cpuacct", "memory"}},
		{name: "v2", in: "25 20 0:22 / /sys/fs/cgroup rw shared:4 - cgroup2 cgroup2 rw,nsdelegate\n", mode: V2, v2Dir: "/sys/fs/cgroup"},
		{name: "co-mounted", in: "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n",
			mode: V1, ctrls: []string{"cpu", "cpuacct"}},
		{name: "none", in: "1 0 8:1 / / rw - ext4 /dev/vda rw\n", wantNone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := parseMountinfo(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			mode, err := l.Mode()
			if tt.wantNone {
				if !errors.Is(err, ErrNoCgroups) {
					t.Fatalf("Mode() err = %v, want ErrNoCgroups", err)
				}
				return
			}
			if mode != tt.mode {
				t.Errorf("mode = %v, want %v", mode, tt.mode)
			}
			if len(l.V1) != len(tt.ctrls) {
				t.Errorf("v1 controllers = %v, want %v", l.V1, tt.ctrls)
			}
			for _, c := range tt.ctrls {
				if _, ok := l.V1[c]; !ok {
					t.Errorf("controller %s missing", c)
				}
			}
			if tt.v2Dir != "" && (l.V2 == nil || l.V2.Dir != tt.v2Dir) {
				t.Errorf("v2 = %+v, want %s", l.V2, tt.v2Dir)
			}
		})
	}
}

func TestUnescape(t *testing.T) {
	if got := unescape(`/a\040b\134c`); got != `/a b\c` {
		t.Errorf("unescape = %q", got)
	}
}

func TestCheckPath(t *testing.T) {
	tests := []struct {
		path, id, want string
		err            error
	}{
		{"", "abc", "cell-abc", nil},
		{"/a/b/", "x", "/a/b", nil},
		{"rel/x", "x", "rel/x", nil},
		{"a/../b", "x", "", ErrBadPath},
		{"..", "x", "", ErrBadPath},
		{"system.slice:cell:abc", "x", "", ErrSystemdPath},
		{"", "a/b", "", ErrBadPath},
		{"/", "x", "", ErrBadPath},
	}
	for _, tt := range tests {
		got, err := CheckPath(tt.path, tt.id)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("CheckPath(%q, %q) = %q, %v; want %q, %v", tt.path, tt.id, got, err, tt.want, tt.err)
		}
	}
}

func TestDirIn(t *testing.T) {
	tests := []struct {
		m      mount
		own, p string
		want   string
	}{
		{mount{Dir: "/sys/fs/cgroup/memory", Root: "/"}, "/process_api/h", "cell/x", "/sys/fs/cgroup/memory/process_api/h/cell/x"},
		{mount{Dir: "/sys/fs/cgroup/cpu", Root: "/"}, "/", "cell/x", "/sys/fs/cgroup/cpu/cell/x"},
		{mount{Dir: "/sys/fs/cgroup/cpu", Root: "/"}, "/deep", "/abs/x", "/sys/fs/cgroup/cpu/abs/x"},
		{mount{Dir: "/sys/fs/cgroup", Root: "/ctr"}, "/ctr/init", "sub", "/sys/fs/cgroup/init/sub"},
	}
	for _, tt := range tests {
		if got := dirIn(tt.m, tt.own, tt.p); got != tt.want {
			t.Errorf("dirIn(%+v, %q, %q) = %q, want %q", tt.m, tt.own, tt.p, got, tt.want)
		}
	}
}

func TestParseProcCgroup(t *testing.T) {
	own, err := parseProcCgroup(strings.NewReader("9:name=systemd:/\n4:memory:/process_api/h\n2:cpu,cpuacct:/c\n0::/u\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name=systemd": "/", "memory": "/process_api/h", "cpu": "/c", "cpuacct": "/c", "": "/u"}
	for k, v := range want {
		if own[k] != v {
			t.Errorf("own[%q] = %q, want %q", k, own[k], v)
		}
	}
}
