package cgfile

import "testing"

func TestParseUint(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		err  bool
	}{
		{"42\n", 42, false}, {"max", Max, false}, {"-1", 0, false}, {"x", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseUint(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseUint(%q) = %d, %v", tt.in, got, err)
		}
	}
}

func TestParseFlatNestedDevice(t *testing.T) {
	m := ParseFlat("a 1\nb max\nc x\n")
	if m["a"] != 1 || m["b"] != Max || len(m) != 2 {
		t.Errorf("ParseFlat = %v", m)
	}
	k, kv := ParseNested("8:0 rbytes=5 wbytes=6")
	if k != "8:0" || kv["wbytes"] != "6" {
		t.Errorf("ParseNested = %q %v", k, kv)
	}
	if ma, mi, err := ParseDevice("259:3"); ma != 259 || mi != 3 || err != nil {
		t.Errorf("ParseDevice = %d %d %v", ma, mi, err)
	}
	if _, _, err := ParseDevice("8"); err == nil {
		t.Error("ParseDevice accepted 8")
	}
}

func TestFieldError(t *testing.T) {
	err := Fieldf("linux.resources.memory.swap", "the host has no swap accounting (%s missing)", "memory.memsw.limit_in_bytes")
	want := "linux.resources.memory.swap: the host has no swap accounting (memory.memsw.limit_in_bytes missing)"
	if err.Error() != want {
		t.Errorf("got %q", err)
	}
	if FieldErr("x", nil) != nil {
		t.Error("FieldErr(nil) != nil")
	}
}
