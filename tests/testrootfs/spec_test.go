package testrootfs

import (
	"slices"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestDefaultSpec(t *testing.T) {
	s := DefaultSpec()
	caps := s.Process.Capabilities
	tests := []struct {
		name string
		ok   bool
	}{
		{"args", slices.Equal(s.Process.Args, []string{"/bin/payload", "true"})},
		{"no terminal", !s.Process.Terminal},
		{"cwd", s.Process.Cwd == "/"},
		{"PATH", len(s.Process.Env) > 0 && s.Process.Env[0][:5] == "PATH="},
		{"bounding", slices.Equal(caps.Bounding, DefaultCaps)},
		{"effective", slices.Equal(caps.Effective, DefaultCaps)},
		{"inheritable", slices.Equal(caps.Inheritable, DefaultCaps)},
		{"permitted", slices.Equal(caps.Permitted, DefaultCaps)},
		{"no ambient", len(caps.Ambient) == 0},
		{"nofile", len(s.Process.Rlimits) == 1 && s.Process.Rlimits[0].Type == "RLIMIT_NOFILE" && s.Process.Rlimits[0].Soft == 1024},
		{"nnp", s.Process.NoNewPrivileges},
		{"root", s.Root.Path == "rootfs"},
		{"hostname", s.Hostname == "cell"},
		{"version", s.Version == specs.Version},
		{"masked", slices.Contains(s.Linux.MaskedPaths, "/proc/kcore")},
		{"readonly", slices.Contains(s.Linux.ReadonlyPaths, "/proc/sys")},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Errorf("DefaultSpec: %s wrong", tt.name)
		}
	}
}

func TestDefaultSpecMounts(t *testing.T) {
	want := []string{"/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"}
	var got []string
	for _, m := range DefaultSpec().Mounts {
		got = append(got, m.Destination)
	}
	if !slices.Equal(got, want) {
		t.Errorf("mount destinations = %v, want %v", got, want)
	}
}

func TestDefaultSpecNamespaces(t *testing.T) {
	var got []specs.LinuxNamespaceType
	for _, ns := range DefaultSpec().Linux.Namespaces {
		got = append(got, ns.Type)
	}
	want := []specs.LinuxNamespaceType{"pid", "network", "ipc", "uts", "mount", "cgroup"}
	if !slices.Equal(got, want) {
		t.Errorf("namespaces = %v, want %v", got, want)
	}
}

func TestDefaultSpecIsFresh(t *testing.T) {
	a := DefaultSpec()
	a.Process.Capabilities.Bounding[0] = "CAP_SYS_ADMIN"
	a.Mounts[0].Destination = "/elsewhere"
	b := DefaultSpec()
	if b.Process.Capabilities.Bounding[0] != "CAP_CHOWN" || b.Mounts[0].Destination != "/proc" {
		t.Error("changing one DefaultSpec changed the next")
	}
	if DefaultCaps[0] != "CAP_CHOWN" {
		t.Error("changing a DefaultSpec changed DefaultCaps")
	}
}
