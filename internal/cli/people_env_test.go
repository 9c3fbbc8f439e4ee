package cli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRunEnv(t *testing.T) {
	t.Setenv("PP_FROM_CELL", "host-value")
	f := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(f, []byte("# comment\n\nA=1\nB=x=y\nPP_FROM_CELL\nPP_UNSET_VAR\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := runEnv([]string{f}, []string{"A=2", "PP_FROM_CELL", "PP_UNSET_VAR", "C="})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"A=1", "B=x=y", "PP_FROM_CELL=host-value", "A=2", "PP_FROM_CELL=host-value", "C="}
	if !slices.Equal(got, want) {
		t.Errorf("runEnv = %q, want %q", got, want)
	}
	if _, err := runEnv([]string{filepath.Join(t.TempDir(), "missing")}, nil); err == nil {
		t.Errorf("a missing --env-file was accepted")
	}
	os.WriteFile(f, []byte("=x\n"), 0o644)
	if _, err := runEnv([]string{f}, nil); err == nil {
		t.Errorf("an --env-file line without a key was accepted")
	}
}
