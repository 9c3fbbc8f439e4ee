package testrootfs

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// WriteBundle makes dir an OCI bundle: it populates the root filesystem at
// spec.Root.Path (relative paths are inside dir) and writes spec to
// dir/config.json. spec must have a Root.
func WriteBundle(dir string, spec *specs.Spec) error {
	if spec == nil || spec.Root == nil || spec.Root.Path == "" {
		return errors.New("write bundle: spec has no root path")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bundle dir: %w", err)
	}
	root := spec.Root.Path
	if !filepath.IsAbs(root) {
		root = filepath.Join(dir, root)
	}
	if err := Populate(root); err != nil {
		return err
	}
	return WriteConfig(dir, spec)
}

// WriteConfig writes spec as dir/config.json, replacing it atomically.
func WriteConfig(dir string, spec *specs.Spec) error {
	data, err := json.MarshalIndent(spec, "", "\t")
	if err != nil {
		return fmt.Errorf("encode config.json: %w", err)
	}
	tmp := filepath.Join(dir, ".config.json.tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write config.json: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "config.json")); err != nil {
		return fmt.Errorf("write config.json: %w", err)
	}
	return nil
}
