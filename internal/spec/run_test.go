package spec

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"1024", 1024, false}, {"64m", 64 << 20, false}, {"1g", 1 << 30, false},
		{"1G", 1 << 30, false}, {"512k", 512 << 10, false}, {"1.5g", 3 << 29, false},
		{"2MB", 2 << 20, false}, {"1gib", 1 << 30, false}, {"10b", 10, false},
		{"", 0, true}, {"m", 0, true}, {"-1m", 0, true}, {"12q", 0, true}, {"1e30t", 0, true},
	} {
		got, err := ParseSize(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, bad=%v", c.in, got, err, c.want, c.bad)
		}
	}
}

// base returns options FromRun accepts, changed by fn.
func base(fn func(*RunOptions)) RunOptions {
	o := RunOptions{ID: "c1", Args: []string{"sh"}, Root: "/r"}
	if fn != nil {
		fn(&o)
	}
	return o
}

func fakeDevice(path string) (specs.LinuxDevice, error) {
	if path == "/dev/fake" {
		return specs.LinuxDevice{Path: path, Type: "c", Major: 10, Minor: 229}, nil
	}
	return specs.LinuxDevice{}, os.ErrNotExist
}

func TestFromRunErrorsNameTheFlag(t *testing.T) {
	for _, c := range []struct {
		flag string
		fn   func(*RunOptions)
	}{
		{"no command", func(o *RunOptions) { o.Args = nil }},
		{"--memory", func(o *RunOptions) { o.Resources.Memory = "lots" }},
		{"--memory-swap", func(o *RunOptions) { o.Resources.MemorySwap = "1g" }},
		{"--memory-swap", func(o *RunOptions) { o.Resources.Memory, o.Resources.MemorySwap = "1g", "1m" }},
		{"--cpus", func(o *RunOptions) { o.Resources.CPUs = "-1" }},
		{"--device-read-bps", func(o *RunOptions) { o.Resources.DeviceReadBps = []string{"/dev/fake:x"} }},
		{"--device-write-bps", func(o *RunOptions) { o.Resources.DeviceWriteBps = []string{"nodev"} }},
		{"--cap-add", func(o *RunOptions) { o.Security.CapAdd = []string{"CAP_NOPE"} }},
		{"--cap-drop", func(o *RunOptions) { o.Security.CapDrop = []string{"nope"} }},
		{"--security-opt", func(o *RunOptions) { o.Security.Opts = []string{"label=x"} }},
		{"--security-opt", func(o *RunOptions) { o.Security.Opts = []string{"seccomp=/nonexistent"} }},
		{"--volume", func(o *RunOptions) { o.Volumes = []string{"/a"} }},
		{"--volume", func(o *RunOptions) { o.Volumes = []string{"a:/b"} }},
		{"--volume", func(o *RunOptions) { o.Volumes = []string{"/a:/b:rx"} }},
		{"--tmpfs", func(o *RunOptions) { o.Tmpfs = []string{"tmp"} }},
		{"--device", func(o *RunOptions) { o.Devices = []string{"/dev/none"} }},
		{"--device", func(o *RunOptions) { o.Devices = []string{"/dev/fake:/dev/f:rwx"} }},
		{"--env", func(o *RunOptions) { o.Env = []string{"=x"} }},
		{"--workdir", func(o *RunOptions) { o.Workdir = "tmp" }},
		{"--user", func(o *RunOptions) { o.User = "bob" }},
	} {
		o := base(c.fn)
		o.LookupDevice = fakeDevice
		if _, err := FromRun(o); err == nil || !strings.Contains(err.Error(), c.flag) {
			t.Errorf("%s: error %v, want one naming %s", c.flag, err, c.flag)
		}
	}
}

func TestFromRunDefaults(t *testing.T) {
	s, err := FromRun(base(func(o *RunOptions) { o.RootBinds = []string{"/usr"}; o.Env = []string{"TERM=dumb"} }))
	if err != nil {
		t.Fatal(err)
	}
	if s.Hostname != "c1" || s.Root.Path != "/r" || s.Root.Readonly {
		t.Errorf("hostname %q root %+v", s.Hostname, s.Root)
	}
	if !s.Process.NoNewPrivileges || s.Linux.Seccomp == nil || !slices.Equal(s.Process.Capabilities.Bounding, DefaultCaps) {
		t.Errorf("want no_new_privs, seccomp and the default caps: %+v", s.Process)
	}
	if !slices.Contains(s.Process.Env, "TERM=dumb") || slices.Contains(s.Process.Env, "TERM=xterm") {
		t.Errorf("env %v: -e TERM should replace the default", s.Process.Env)
	}
	if !hasMount(s, "/usr", "ro") || !hasMount(s, "/tmp", "mode=1777") {
		t.Errorf("mounts %v: want /usr read-only and a /tmp tmpfs", s.Mounts)
	}
	if err := Validate(s); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func hasMount(s *specs.Spec, dst, opt string) bool {
	for _, m := range s.Mounts {
		if m.Destination == dst && slices.Contains(m.Options, opt) {
			return true
		}
	}
	return false
}

func TestFromRunResources(t *testing.T) {
	s, err := FromRun(base(func(o *RunOptions) {
		o.Resources = ResourceOptions{Memory: "64m", MemorySwap: "-1", CPUs: "1.5", CPUShares: 512,
			CpusetCPUs: "0", PidsLimit: 10, DeviceWriteBps: []string{"/dev/fake:1m"}}
		o.LookupDevice = fakeDevice
	}))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Linux.Resources
	if *r.Memory.Limit != 64<<20 || *r.Memory.Swap != -1 {
		t.Errorf("memory %d swap %d", *r.Memory.Limit, *r.Memory.Swap)
	}
	if *r.CPU.Quota != 150000 || *r.CPU.Period != 100000 || *r.CPU.Shares != 512 || r.CPU.Cpus != "0" {
		t.Errorf("cpu %+v", r.CPU)
	}
	if *r.Pids.Limit != 10 {
		t.Errorf("pids %d", *r.Pids.Limit)
	}
	w := r.BlockIO.ThrottleWriteBpsDevice
	if len(w) != 1 || w[0].Major != 10 || w[0].Minor != 229 || w[0].Rate != 1<<20 {
		t.Errorf("write bps %+v", w)
	}
}

func TestFromRunSecurity(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "p.json")
	if err := os.WriteFile(prof, []byte(`{"defaultAction":"SCMP_ACT_LOG"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		sec   SecurityOptions
		check func(*specs.Spec) bool
	}{
		{"drop", SecurityOptions{CapDrop: []string{"chown", "CAP_KILL"}}, func(s *specs.Spec) bool {
			b := s.Process.Capabilities.Bounding
			return !slices.Contains(b, "CAP_CHOWN") && !slices.Contains(b, "CAP_KILL") && slices.Contains(b, "CAP_MKNOD")
		}},
		{"drop all add one", SecurityOptions{CapDrop: []string{"ALL"}, CapAdd: []string{"net_admin"}}, func(s *specs.Spec) bool {
			return slices.Equal(s.Process.Capabilities.Effective, []string{"CAP_NET_ADMIN"})
		}},
		{"unconfined", SecurityOptions{Opts: []string{"seccomp=unconfined"}}, func(s *specs.Spec) bool { return s.Linux.Seccomp == nil }},
		{"profile file", SecurityOptions{Opts: []string{"seccomp=" + prof}}, func(s *specs.Spec) bool {
			return s.Linux.Seccomp.DefaultAction == specs.ActLog
		}},
		{"nnp off", SecurityOptions{Opts: []string{"no-new-privileges:false"}}, func(s *specs.Spec) bool { return !s.Process.NoNewPrivileges }},
		{"privileged", SecurityOptions{Privileged: true}, func(s *specs.Spec) bool {
			return s.Linux.Seccomp == nil && s.Linux.MaskedPaths == nil && s.Linux.Resources.Devices[0].Allow
		}},
	} {
		s, err := FromRun(base(func(o *RunOptions) { o.Security = c.sec }))
		if err != nil || !c.check(s) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestFromRunMountsAndNamespaces(t *testing.T) {
	s, err := FromRun(base(func(o *RunOptions) {
		o.Volumes = []string{"/host/a:/a:ro", "/host/b:/b"}
		o.Tmpfs = []string{"/cache:size=1m"}
		o.Devices = []string{"/dev/fake:/dev/f:r"}
		o.LookupDevice = fakeDevice
		o.Network = NetworkOptions{Join: "/run/netns/x"}
		o.UIDMap = []specs.LinuxIDMapping{{HostID: 100000, Size: 65536}}
		o.GIDMap = o.UIDMap
		o.Init = "/b/init"
		o.ReadOnly = true
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !hasMount(s, "/a", "ro") || hasMount(s, "/b", "ro") || !hasMount(s, "/cache", "size=1m") || !hasMount(s, InitPath, "ro") {
		t.Errorf("mounts %+v", s.Mounts)
	}
	if d := s.Linux.Devices; len(d) != 1 || d[0].Path != "/dev/f" || s.Linux.Resources.Devices[1].Access != "rm" {
		t.Errorf("devices %+v %+v", d, s.Linux.Resources.Devices)
	}
	if !slices.Contains(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.NetworkNamespace, Path: "/run/netns/x"}) ||
		!HasNewNamespace(s, specs.UserNamespace) {
		t.Errorf("namespaces %+v", s.Linux.Namespaces)
	}
	if s.Process.Args[0] != InitPath || s.Process.Args[len(s.Process.Args)-1] != "sh" || !s.Root.Readonly {
		t.Errorf("args %v root %+v", s.Process.Args, s.Root)
	}
	if err := Validate(s); err != nil {
		t.Errorf("Validate: %v", err)
	}
	h, _ := FromRun(base(func(o *RunOptions) { o.Network.Host = true }))
	if HasNamespace(h, specs.NetworkNamespace) {
		t.Errorf("--net host kept a network namespace")
	}
}
