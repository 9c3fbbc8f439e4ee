package rootfs

import (
	"reflect"
	"testing"

	"golang.org/x/sys/unix"
)

func TestParseMountOptions(t *testing.T) {
	tests := []struct {
		name  string
		opts  []string
		flags uintptr
		prop  []uintptr
		data  string
		bind  bool
	}{
		{"empty", nil, 0, nil, "", false},
		{"ro bind", []string{"bind", "ro"}, unix.MS_BIND | unix.MS_RDONLY, nil, "", true},
		{"rbind rprivate", []string{"rbind", "rprivate"}, unix.MS_BIND | unix.MS_REC, []uintptr{unix.MS_PRIVATE | unix.MS_REC}, "", true},
		{"later wins", []string{"ro", "rw", "nosuid", "suid", "nodev"}, unix.MS_NODEV, nil, "", false},
		{"tmpfs data", []string{"nosuid", "size=1m", "mode=755"}, unix.MS_NOSUID, nil, "size=1m,mode=755", false},
		{"devpts", []string{"newinstance", "ptmxmode=0666", "noexec"}, unix.MS_NOEXEC, nil, "newinstance,ptmxmode=0666", false},
		{"atime", []string{"relatime", "nodiratime"}, unix.MS_RELATIME | unix.MS_NODIRATIME, nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mo := parseMountOptions(tt.opts)
			if mo.flags != tt.flags || mo.dataString() != tt.data || mo.bind != tt.bind || !reflect.DeepEqual(mo.propagation, tt.prop) {
				t.Errorf("got flags %#x prop %v data %q bind %v", mo.flags, mo.propagation, mo.dataString(), mo.bind)
			}
		})
	}
}

func TestRemountFlags(t *testing.T) {
	mo := parseMountOptions([]string{"rbind", "ro", "nosuid"})
	if got := mo.remountFlags(); got != unix.MS_RDONLY|unix.MS_NOSUID {
		t.Errorf("remountFlags = %#x", got)
	}
}
