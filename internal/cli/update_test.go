package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadResources(t *testing.T) {
	file := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(file, []byte(`{"pids":{"limit":7}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, stdin, wantErr string
		wantPids                   int64
	}{
		{"stdin", "-", `{"memory":{"limit":1048576},"pids":{"limit":9}}`, "", 9},
		{"file", file, "", "", 7},
		{"no flag", "", "", "--resources", 0},
		{"bad json", "-", `{"pids":`, "malformed JSON", 0},
		{"missing file", "/nonexistent/r.json", "", "--resources", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := readResources(tt.path, strings.NewReader(tt.stdin))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || r.Pids == nil || r.Pids.Limit == nil || *r.Pids.Limit != tt.wantPids {
				t.Fatalf("readResources = %+v, %v; want pids limit %d", r, err, tt.wantPids)
			}
		})
	}
}
