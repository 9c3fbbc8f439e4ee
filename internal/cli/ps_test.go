package cli

import (
	"bytes"
	"testing"
)

func TestFilterPs(t *testing.T) {
	const out = "UID   PID  PPID C STIME TTY  TIME     CMD\n" +
		"root    1     0 0 06:00 ?    00:00:01 /sbin/init\n" +
		"root  210     1 0 06:01 ?    00:00:00 sleep 30\n" +
		"root  211   210 0 06:01 ?    00:00:00 sh\n"
	tests := []struct {
		name, out, want string
		pids            []int
		wantErr         bool
	}{
		{"keeps header and container rows", out, "UID   PID  PPID C STIME TTY  TIME     CMD\n" +
			"root  210     1 0 06:01 ?    00:00:00 sleep 30\n", []int{210}, false},
		{"no pids keeps only the header", out, "UID   PID  PPID C STIME TTY  TIME     CMD\n", nil, false},
		{"PID column found anywhere", "S PID CMD\nR 7 x\nR 8 y\n", "S PID CMD\nR 8 y\n", []int{8}, false},
		{"no PID column", "USER CMD\nroot x\n", "", nil, true},
		{"pid not a number", "PID CMD\nabc x\n", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := filterPs(&b, tt.out, tt.pids)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestPrintPsFormat(t *testing.T) {
	tests := []struct {
		format, want string
		pids         []int
		wantErr      bool
	}{
		{"json", "[3,4]\n", []int{3, 4}, false},
		{"json", "[]\n", []int{}, false},
		{"yaml", "", nil, true},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		err := printPs(&b, tt.format, tt.pids, nil)
		if (err != nil) != tt.wantErr || b.String() != tt.want {
			t.Errorf("printPs(%s, %v) = %q, %v", tt.format, tt.pids, b.String(), err)
		}
	}
}
