package devices

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func i64(v int64) *int64 { return &v }

func TestV1Lines(t *testing.T) {
	tests := []struct {
		rule specs.LinuxDeviceCgroup
		want Line
	}{
		{specs.LinuxDeviceCgroup{Allow: false, Access: "rwm"}, Line{false, "a"}},
		{specs.LinuxDeviceCgroup{Allow: true, Type: "c", Major: i64(1), Minor: i64(3), Access: "rw"}, Line{true, "c 1:3 rw"}},
		{specs.LinuxDeviceCgroup{Allow: true, Type: "b", Major: i64(8)}, Line{true, "b 8:* rwm"}},
		{specs.LinuxDeviceCgroup{Allow: true, Type: "c", Access: "m"}, Line{true, "c *:* m"}},
	}
	for _, tt := range tests {
		got, err := V1Lines([]specs.LinuxDeviceCgroup{tt.rule})
		if err != nil || len(got) != 1 || got[0] != tt.want {
			t.Errorf("V1Lines(%+v) = %v, %v; want %v", tt.rule, got, err, tt.want)
		}
	}
	for _, bad := range []specs.LinuxDeviceCgroup{{Type: "x"}, {Type: "c", Access: "rx"}} {
		if _, err := V1Lines([]specs.LinuxDeviceCgroup{bad}); err == nil {
			t.Errorf("V1Lines(%+v) accepted", bad)
		}
	}
}

func TestProgramShape(t *testing.T) {
	insns, err := Program([]specs.LinuxDeviceCgroup{
		{Allow: false, Access: "rwm"},
		{Allow: true, Type: "c", Major: i64(1), Minor: i64(5), Access: "rwm"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// 6 loads + allow rule (3 access + type + major + minor + 2) + deny-all rule (3 + 2) + 2 default.
	if len(insns) != 6+8+5+2 {
		t.Errorf("program has %d instructions:\n%v", len(insns), insns)
	}
	if _, err := Program([]specs.LinuxDeviceCgroup{{Type: "q"}}); err == nil {
		t.Error("bad type accepted")
	}
}

func TestAccessBits(t *testing.T) {
	if accessBits("rwm") != 7 || accessBits("r") != accRead || accessBits("wm") != accWrite|accMknod {
		t.Error("access bits wrong")
	}
}
