package integration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go/features"

	"github.com/cell-runtime/cell/internal/spec"
)

func TestSpecWritesAValidConfig(t *testing.T) {
	e := newEnv(t)
	for _, flags := range [][]string{nil, {"--rootless"}} {
		dir := t.TempDir()
		e.ok(append([]string{"spec", "-b", dir}, flags...)...)
		b, err := os.ReadFile(filepath.Join(dir, "config.json"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := spec.Parse(b); err != nil {
			t.Errorf("cell spec %v wrote a config cell refuses: %v", flags, err)
		}
		if _, _, code := e.cell(append([]string{"spec", "-b", dir}, flags...)...); code == 0 {
			t.Error("cell spec overwrote an existing config.json")
		}
	}
}

func TestFeatures(t *testing.T) {
	e := newEnv(t)
	var f features.Features
	if err := json.Unmarshal([]byte(e.ok("features")), &f); err != nil {
		t.Fatal(err)
	}
	if f.Linux == nil || len(f.Linux.Namespaces) != 8 || f.OCIVersionMax == "" {
		t.Fatalf("features: %+v", f)
	}
}
