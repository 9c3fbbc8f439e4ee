package people

import (
	"slices"
	"time"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/store"
)

// Entry is one container as `cell ps` shows it.
type Entry struct {
	ID      string           `json:"id"`
	Name    string           `json:"name"`
	Image   string           `json:"image"`
	Command []string         `json:"command"`
	Status  container.Status `json:"status"`
	Created time.Time        `json:"created"`
	Ports   string           `json:"ports,omitempty"`
	Network string           `json:"network,omitempty"`
	// Exit is how a stopped container's process ended, when recorded.
	Exit *Exit `json:"exit,omitempty"`
}

// List returns every container under root, oldest first; containers not
// made by `cell run` have their id as name and no image.
func List(root string) ([]Entry, error) {
	cs, err := container.List(store.Store{Root: root})
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(cs))
	for _, c := range cs {
		e := Entry{ID: c.ID, Name: c.ID, Status: c.Status(), Created: c.Created}
		if n := c.Annotations[AnnotationName]; n != "" {
			e.Name = n
		}
		e.Image, e.Ports, e.Network = c.Annotations[AnnotationImage], c.Annotations[AnnotationPorts], c.Annotations[AnnotationNetwork]
		if e.Status == container.Stopped {
			e.Exit = ExitOf(root, c.ID)
		}
		if c.Spec != nil && c.Spec.Process != nil {
			e.Command = c.Spec.Process.Args
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return a.Created.Compare(b.Created) })
	return out, nil
}
