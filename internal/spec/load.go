// Package spec loads and validates OCI runtime configurations (config.json),
// writes the default one (`cell spec`), and turns a validated spec into the
// small inputs other packages take. It never touches the kernel: everything
// here is pure logic over files and values.
package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	json "github.com/go-json-experiment/json/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// ConfigName is the name of the configuration file in a bundle.
const ConfigName = "config.json"

// maxConfig bounds config.json; a real one is a few KiB.
const maxConfig = 16 << 20

// Load reads and validates bundle/config.json. The spec's root.path is made
// absolute against the bundle.
func Load(bundle string) (*specs.Spec, error) {
	path := filepath.Join(bundle, ConfigName)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("load %s: no config.json in bundle (create one with `cell spec`)", path)
		}
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, maxConfig+1)); err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if buf.Len() > maxConfig {
		return nil, fmt.Errorf("load %s: larger than %d bytes", path, maxConfig)
	}
	s, err := Parse(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if err := resolveRoot(s, bundle); err != nil {
		return nil, err
	}
	return s, nil
}

// Parse decodes and validates a config; it does not look at the file system.
func Parse(b []byte) (*specs.Spec, error) {
	var s specs.Spec
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	if err := Validate(&s); err != nil {
		return nil, err
	}
	return &s, nil
}

func resolveRoot(s *specs.Spec, bundle string) error {
	root := s.Root.Path
	if !filepath.IsAbs(root) {
		abs, err := filepath.Abs(filepath.Join(bundle, root))
		if err != nil {
			return fmt.Errorf("root.path: %w", err)
		}
		root = abs
	}
	fi, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("root.path %s: %w", root, errors.Unwrap(err))
	}
	if !fi.IsDir() {
		return fmt.Errorf("root.path %s: not a directory", root)
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("root.path %s: %w", root, err)
	}
	if real == "/" {
		return fmt.Errorf("root.path %s: resolves to the host's / ", root)
	}
	s.Root.Path = real
	return nil
}
