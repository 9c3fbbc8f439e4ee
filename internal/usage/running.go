package usage

import (
	"slices"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/store"
)

// Running lists the containers of root whose processes are alive (running
// or paused), or, when ids are given, those containers in that order. A
// named container that does not exist is an error; one that stopped is
// left out.
func Running(root string, ids []string) ([]*container.Container, error) {
	st := store.Store{Root: root}
	var all []*container.Container
	if len(ids) == 0 {
		var err error
		if all, err = container.List(st); err != nil {
			return nil, err
		}
	} else {
		for _, id := range ids {
			c, err := container.Load(st, id)
			if err != nil {
				return nil, err
			}
			all = append(all, c)
		}
	}
	return slices.DeleteFunc(all, func(c *container.Container) bool {
		s := c.Status()
		return s != container.Running && s != container.Paused
	}), nil
}
