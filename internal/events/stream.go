package events

import (
	"context"
	"time"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/usage"
)

// StatsOf reads container c's stats event now.
func StatsOf(c *container.Container) (Event, error) {
	s, err := usage.Take(c)
	if err != nil {
		return Event{}, err
	}
	return StatsEvent(s), nil
}

// Stream emits a stats event for container c every interval, and its oom
// events as they happen, until its init exits (then an exit event) or ctx
// ends. It is `runc events ID`.
func Stream(ctx context.Context, c *container.Container, interval time.Duration, emit func(Event)) error {
	m, err := newMonitor(c, false)
	if err != nil {
		return err
	}
	evs := make(chan Event)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.run(ctx.Done(), func(e Event) { evs <- e })
	}()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case e := <-evs:
			emit(e)
		case <-done:
			return nil
		case <-tick.C:
			if e, err := StatsOf(c); err == nil {
				emit(e)
			}
		}
	}
}
