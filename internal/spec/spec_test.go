package spec

import (
	"encoding/json"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestValidateID(t *testing.T) {
	for _, tc := range []struct {
		id string
		ok bool
	}{
		{"c1", true}, {"a.b-c_d+e", true}, {strings.Repeat("x", 255), true},
		{"", false}, {".", false}, {"..", false}, {"a/b", false}, {"a b", false},
		{strings.Repeat("x", 256), false}, {"ü", false},
	} {
		if err := ValidateID(tc.id); (err == nil) != tc.ok {
			t.Errorf("ValidateID(%q) = %v, want ok=%v", tc.id, err, tc.ok)
		}
	}
}

func TestParse(t *testing.T) {
	good := func() *specs.Spec { return Default() }
	for _, tc := range []struct {
		name   string
		change func(*specs.Spec)
		want   string // "" means valid
	}{
		{"default", func(*specs.Spec) {}, ""},
		{"no process", func(s *specs.Spec) { s.Process = nil }, "process: missing"},
		{"empty args", func(s *specs.Spec) { s.Process.Args = nil }, "process.args"},
		{"relative cwd", func(s *specs.Spec) { s.Process.Cwd = "tmp" }, "process.cwd"},
		{"bad env", func(s *specs.Spec) { s.Process.Env = []string{"NOEQUALS"} }, "process.env[0]"},
		{"unknown ns", func(s *specs.Spec) {
			s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: "bogus"})
		}, "unknown namespace type"},
		{"duplicate ns", func(s *specs.Spec) {
			s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.PIDNamespace})
		}, "listed twice"},
		{"hostname without uts", func(s *specs.Spec) {
			s.Linux.Namespaces = s.Linux.Namespaces[:2]
		}, "hostname"},
		{"userns without maps", func(s *specs.Spec) {
			s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.UserNamespace})
		}, "uidMappings"},
		{"relative mount", func(s *specs.Spec) { s.Mounts[0].Destination = "proc" }, "mounts[0].destination"},
		{"huge string", func(s *specs.Spec) { s.Hostname = strings.Repeat("h", 70<<10) }, "longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.change(s)
			b, _ := json.Marshal(s)
			_, err := Parse(b)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse error %v, want it to mention %q", err, tc.want)
			}
		})
	}
	if _, err := Parse([]byte("{")); err == nil || !strings.Contains(err.Error(), "malformed JSON") {
		t.Fatalf("malformed: %v", err)
	}
}

//cell:fuzzexecs 400000
func FuzzParse(f *testing.F) {
	b, _ := json.Marshal(Default())
	f.Add(b)
	f.Add([]byte(`{"process":{"args":["x"],"cwd":"/"},"root":{"path":"r"},"linux":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse(data)
	})
}
