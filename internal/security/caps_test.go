package security

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestParseCaps(t *testing.T) {
	tests := []struct {
		names []string
		last  Cap
		want  []Cap
		err   string
	}{
		{nil, 40, nil, ""},
		{[]string{"CAP_SYS_ADMIN", "CAP_CHOWN", "CAP_SYS_ADMIN"}, 40, []Cap{0, 21}, ""},
		{[]string{"CAP_CHECKPOINT_RESTORE", "CAP_BPF"}, 40, []Cap{39, 40}, ""},
		{[]string{"CAP_CHECKPOINT_RESTORE", "CAP_BPF", "CAP_KILL"}, 38, []Cap{5}, ""},
		{[]string{"CAP_KILL", "CAP_FLY"}, 40, nil, `unknown capability "CAP_FLY"`},
		{[]string{"cap_kill"}, 40, nil, `unknown capability "cap_kill"`},
	}
	for _, tt := range tests {
		got, err := parseCaps(tt.names, tt.last)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrUnknownCap) {
				t.Errorf("%v: err %v, want %q", tt.names, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%v (last %d): got %v, %v; want %v", tt.names, tt.last, got, err, tt.want)
		}
	}
}

func TestCapNames(t *testing.T) {
	if len(capNames) != 41 || Cap(40).String() != "CAP_CHECKPOINT_RESTORE" || Cap(63).String() != "CAP_63" {
		t.Errorf("cap table: %d names, %s, %s", len(capNames), Cap(40), Cap(63))
	}
}

func TestParseCapSetsError(t *testing.T) {
	_, err := parseCapSets(&specs.LinuxCapabilities{Bounding: []string{"CAP_KILL"}, Ambient: []string{"CAP_NOPE"}})
	if err == nil || !strings.Contains(err.Error(), `process.capabilities.ambient: unknown capability "CAP_NOPE"`) {
		t.Errorf("got %v", err)
	}
	s, err := parseCapSets(nil)
	if err != nil || s != (capSets{}) {
		t.Errorf("nil: %+v, %v", s, err)
	}
}
