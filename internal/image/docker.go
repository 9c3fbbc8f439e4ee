package image

import (
	"fmt"
	"os"
	"slices"
)

// dockerEntry is one image in a `docker save` manifest.json.
type dockerEntry struct {
	Config   string
	RepoTags []string
	Layers   []string
}

// dockerManifest reads a docker archive: the entry tagged want, else the
// first one.
func dockerManifest(root *os.Root, want string) (*manifest, error) {
	var entries []dockerEntry
	if err := readJSON(root, "manifest.json", &entries); err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("manifest.json lists no image: %w", ErrFormat)
	}
	e := entries[0]
	for _, c := range entries {
		if slices.Contains(c.RepoTags, want) {
			e = c
		}
	}
	config, err := readFile(root, e.Config)
	if err != nil {
		return nil, err
	}
	m := &manifest{names: e.RepoTags, config: config}
	for _, l := range e.Layers {
		m.layers = append(m.layers, layerBlob{path: l})
	}
	return m, nil
}
