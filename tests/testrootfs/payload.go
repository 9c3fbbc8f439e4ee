package testrootfs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// PayloadEnv names an environment variable holding the path of a prebuilt
// payload binary, for machines without a Go toolchain (the cgroup v2 VM).
const PayloadEnv = "CELL_TEST_PAYLOAD"

// payloadPkg is the payload's directory relative to the repository root.
const payloadPkg = "tests/payload"

var payloadCache struct {
	sync.Mutex
	path string
}

// Payload returns the path of a static payload binary built from the
// repository's tests/payload with CGO_ENABLED=0. The first call in a
// process builds it into os.TempDir()/cell-test-payload-<hash> unless a
// binary of the same sources is already there; later calls return the same
// path. The repository is found by walking up from the working directory to
// go.mod. When $CELL_TEST_PAYLOAD is set, it is the path of a prebuilt
// payload and nothing is built.
func Payload() (string, error) {
	if p := os.Getenv(PayloadEnv); p != "" {
		return p, nil
	}
	payloadCache.Lock()
	defer payloadCache.Unlock()
	if payloadCache.path != "" {
		return payloadCache.path, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	path, err := buildCached(root)
	if err != nil {
		return "", err
	}
	payloadCache.path = path
	return path, nil
}

// RepoRoot walks up from the working directory to the directory holding
// go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repo root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repo root: no go.mod above the working directory")
		}
		dir = parent
	}
}

// buildCached returns the cached binary for the current sources, building
// it first when missing.
func buildCached(root string) (string, error) {
	sum, err := sourceHash(root)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "cell-test-payload-"+sum)
	bin := filepath.Join(dir, "payload")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("payload cache dir: %w", err)
	}
	return bin, goBuild(root, bin)
}

// sourceHash hashes the payload's non-test Go files, go.mod, go.sum and the
// Go version: the things its binary depends on.
func sourceHash(root string) (string, error) {
	files, err := filepath.Glob(filepath.Join(root, payloadPkg, "*.go"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("payload sources in %s: none found", payloadPkg)
	}
	files = append(files, filepath.Join(root, "go.mod"), filepath.Join(root, "go.sum"))
	sort.Strings(files)
	h := sha256.New()
	io.WriteString(h, runtime.Version())
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		if err := hashFile(h, root, f); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func hashFile(h io.Writer, root, name string) error {
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) && filepath.Base(name) == "go.sum" {
		return nil
	}
	if err != nil {
		return fmt.Errorf("hash payload sources: %w", err)
	}
	rel, _ := filepath.Rel(root, name)
	fmt.Fprintf(h, "%s %d\n", rel, len(data))
	h.Write(data)
	return nil
}

// goBuild compiles the payload to a temporary name beside bin and renames
// it into place, so concurrent test binaries never see half a file.
func goBuild(root, bin string) error {
	tmp := fmt.Sprintf("%s.tmp%d", bin, os.Getpid())
	cmd := exec.Command(goTool(), "build", "-trimpath", "-o", tmp, "./"+payloadPkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("build payload: %w\n%s", err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("install payload: %w", err)
	}
	return nil
}

// goTool prefers the go command of the running toolchain's GOROOT, then
// the one on $PATH.
func goTool() string {
	if goroot := os.Getenv("GOROOT"); goroot != "" {
		if p := filepath.Join(goroot, "bin", "go"); isFile(p) {
			return p
		}
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
