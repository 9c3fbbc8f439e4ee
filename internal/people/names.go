package people

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
)

// pickID returns the id of a new container: name, which must be free, or
// a random 12-digit hex id.
func pickID(root, name string) (string, error) {
	if name == "" {
		return newID()
	}
	if err := spec.ValidateID(name); err != nil {
		return "", fmt.Errorf("--name: %w", err)
	}
	if _, err := os.Stat(store.Store{Root: root}.Dir(name)); err == nil {
		return "", fmt.Errorf("--name %s: already in use (cell rm %s first)", name, name)
	}
	if _, err := os.Stat(BundleDir(root, name)); err == nil {
		return "", fmt.Errorf("--name %s: already in use", name)
	}
	return name, nil
}

func newID() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("container id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Find returns the container called name: the container with that id, or
// else the one whose run.cell.name annotation is name.
func Find(root, name string) (*container.Container, error) {
	st := store.Store{Root: root}
	if c, err := container.Load(st, name); err == nil {
		return c, nil
	}
	cs, err := container.List(st)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Annotations[AnnotationName] == name {
			return c, nil
		}
	}
	return nil, fmt.Errorf("no container named %s", name)
}
