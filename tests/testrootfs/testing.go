package testrootfs

import (
	"os"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Build returns a fresh test root filesystem in a temporary directory the
// test removes when it ends. It fails the test if the payload does not
// build.
func Build(t testing.TB) string {
	t.Helper()
	dir := worldReadableTempDir(t)
	if err := Populate(dir); err != nil {
		t.Fatalf("testrootfs: %v", err)
	}
	return dir
}

// Bundle returns a bundle directory holding a fresh root filesystem at
// "rootfs" and a config.json made from DefaultSpec changed by cfg (nil: no
// change). The directory is removed when the test ends.
func Bundle(t testing.TB, cfg func(*specs.Spec)) string {
	t.Helper()
	spec := DefaultSpec()
	if cfg != nil {
		cfg(spec)
	}
	dir := worldReadableTempDir(t)
	if err := WriteBundle(dir, spec); err != nil {
		t.Fatalf("testrootfs: %v", err)
	}
	return dir
}

// worldReadableTempDir returns t.TempDir() opened up to mode 0755, so a
// container whose root user is mapped to an unprivileged host uid can still
// reach its root filesystem. (The parent directories t.TempDir makes stay
// 0700; tests with user namespaces may need to open those too.)
func worldReadableTempDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("testrootfs: %v", err)
	}
	return dir
}
