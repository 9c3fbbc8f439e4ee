package rootfs

import (
	"errors"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestCheckSysctl(t *testing.T) {
	all := map[specs.LinuxNamespaceType]bool{specs.IPCNamespace: true, specs.NetworkNamespace: true, specs.UTSNamespace: true}
	none := map[specs.LinuxNamespaceType]bool{}
	tests := []struct {
		key string
		ns  map[specs.LinuxNamespaceType]bool
		ok  bool
	}{
		{"kernel.shmmax", all, true},
		{"kernel.shmmax", none, false},
		{"fs.mqueue.msg_max", all, true},
		{"net.ipv4.ip_forward", all, true},
		{"net/ipv4/conf/eth0.100/forwarding", all, true},
		{"net.ipv4.ip_forward", none, false},
		{"kernel.hostname", all, true},
		{"kernel.core_pattern", all, false},
		{"vm.overcommit_memory", all, false},
		{"net/../kernel/core_pattern", all, false},
		{"net..x", all, false},
	}
	for _, tt := range tests {
		err := CheckSysctl(tt.key, tt.ns)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.key, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrSysctl) {
			t.Errorf("%s: %v is not ErrSysctl", tt.key, err)
		}
	}
}
