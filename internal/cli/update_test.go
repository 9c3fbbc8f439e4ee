package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestParseMemSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"-1", -1, true},
		{"1024", 1024, true},
		{"64m", 64 << 20, true},
		{"64M", 64 << 20, true},
		{"64MB", 64 << 20, true},
		{"512MiB", 512 << 20, true},
		{"1.5g", 3 << 29, true},
		{"100 kb", 100 << 10, true},
		{"2t", 2 << 40, true},
		{"", 0, false},
		{"-5", 0, false},
		{"12q", 0, false},
		{"m", 0, false},
		{"1e3", 0, false},
		{"inf", 0, false},
		{"99999999p", 0, false},
	}
	for _, tt := range tests {
		got, err := parseMemSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseMemSize(%q) = %d, %v; want %d (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// updateFlagSet parses args with the update command's flags.
func updateFlagSet(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("update", pflag.ContinueOnError)
	fs.StringP("resources", "r", "", "")
	addUpdateFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestFlagResources(t *testing.T) {
	tests := []struct {
		args []string
		want string // JSON, or an error substring after "!"
	}{
		{nil, `{}`},
		{[]string{"--memory", "64m", "--memory-swap", "-1", "--memory-reservation", "32m"},
			`{"memory":{"limit":67108864,"reservation":33554432,"swap":-1}}`},
		{[]string{"--cpu-shares", "512", "--cpu-quota", "-1", "--cpu-period", "100000", "--cpuset-cpus", "1", "--cpuset-mems", "0"},
			`{"cpu":{"shares":512,"quota":-1,"period":100000,"cpus":"1","mems":"0"}}`},
		{[]string{"--cpu-rt-period", "1000000", "--cpu-rt-runtime", "950000", "--cpu-burst", "10", "--cpu-idle", "1"},
			`{"cpu":{"burst":10,"realtimeRuntime":950000,"realtimePeriod":1000000,"idle":1}}`},
		{[]string{"--pids-limit", "-1", "--blkio-weight", "300"}, `{"pids":{"limit":-1},"blockIO":{"weight":300}}`},
		{[]string{"--kernel-memory", "10m", "--kernel-memory-tcp", "1m"}, `{}`},
		{[]string{"--memory", "lots"}, "!--memory: \"lots\" is not a size"},
		{[]string{"--cpu-share", "-2"}, "!--cpu-share:"},
		{[]string{"--pids-limit", "x"}, "!--pids-limit:"},
		{[]string{"--blkio-weight", "70000"}, "!--blkio-weight:"},
	}
	for _, tt := range tests {
		r, err := flagResources(updateFlagSet(t, tt.args...))
		if want, isErr := strings.CutPrefix(tt.want, "!"); isErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%v: error %v, want %q", tt.args, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		if b, _ := json.Marshal(r); string(b) != tt.want {
			t.Errorf("%v: got %s, want %s", tt.args, b, tt.want)
		}
	}
}

func TestUpdateResourcesFromStdin(t *testing.T) {
	g := &Globals{log: newLogger(&bytes.Buffer{}, "text")}
	in := `{"memory": {"limit": 1048576}, "pids": {"limit": 5}}`
	r, err := updateResources(g, updateFlagSet(t, "-r", "-"), "-", strings.NewReader(in))
	if err != nil || *r.Memory.Limit != 1048576 || *r.Pids.Limit != 5 {
		t.Fatalf("got %+v, %v", r, err)
	}
	bad := []struct{ in, want string }{
		{"", "no JSON object"},
		{"{", "decode linux.resources JSON"},
		{`{"memory": {"limit": "big"}}`, "decode linux.resources JSON"},
	}
	for _, b := range bad {
		_, err := updateResources(g, updateFlagSet(t, "-r", "-"), "-", strings.NewReader(b.in))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("stdin %q: error %v, want %q", b.in, err, b.want)
		}
	}
	_, err = updateResources(g, updateFlagSet(t, "-r", "-", "--pids-limit", "3"), "-", strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "cannot be combined with [--pids-limit]") {
		t.Errorf("-r with --pids-limit: %v", err)
	}
	_, err = updateResources(g, updateFlagSet(t), "/nonexistent/res.json", nil)
	if err == nil || !strings.Contains(err.Error(), "--resources") {
		t.Errorf("missing file: %v", err)
	}
}

func TestUpdateWarnsAboutKernelMemory(t *testing.T) {
	var buf bytes.Buffer
	g := &Globals{log: newLogger(&buf, "json")}
	if _, err := updateResources(g, updateFlagSet(t, "--kernel-memory", "1m"), "", nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"level":"warning"`) || !strings.Contains(buf.String(), "--kernel-memory is ignored") {
		t.Errorf("log %q: want a warning that --kernel-memory is ignored", buf.String())
	}
}
