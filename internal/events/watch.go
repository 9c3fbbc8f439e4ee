package events

import (
	"context"
	"sync"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/store"
)

// Watch emits the events of every container of the state root from now
// until ctx ends: the lifecycle events commands record, and oom and exit
// events of the containers alive now or created meanwhile. emit is never
// called concurrently.
func Watch(ctx context.Context, root string, emit func(Event)) error {
	t, err := openTail(root)
	if err != nil {
		return err
	}
	defer t.close()
	w := &watcher{st: store.Store{Root: root}, stop: ctx.Done(), watched: map[string]bool{}, exited: map[string]bool{}, started: map[string]bool{}}
	w.emit = func(e Event) {
		w.mu.Lock()
		defer w.mu.Unlock()
		emit(e)
	}
	defer w.wg.Wait()
	w.watchExisting()
	for ctx.Err() == nil {
		evs, err := t.next(pollEvery)
		if err != nil {
			return err
		}
		for _, e := range evs {
			w.journaled(e)
		}
	}
	return nil
}

// watcher runs one monitor per live container.
type watcher struct {
	st      store.Store
	stop    <-chan struct{}
	emit    func(Event)
	mu      sync.Mutex // serialises emit
	wg      sync.WaitGroup
	watched map[string]bool // by id, while its monitor runs
	wmu     sync.Mutex      // guards watched
	// exited holds the ids whose exit was reported, so that the pidfd's
	// and the journal's word on one exit yield one event. Guarded by mu.
	exited map[string]bool
	// started holds the ids whose start was journaled or that ran when the
	// watch began: their exit may be emitted. Guarded by mu.
	started map[string]bool
}

// watchExisting monitors the containers whose init lives now; a stopped
// one's zombie would report an exit that happened before the watch.
func (w *watcher) watchExisting() {
	cs, _ := container.List(w.st)
	for _, c := range cs {
		if s := c.Status(); s != container.Stopped {
			if s != container.Created {
				w.started[c.ID] = true
			}
			w.start(c, false)
		}
	}
}

// watch starts a monitor for container id unless one runs already.
func (w *watcher) watch(id string, fresh bool) {
	c, err := container.Load(w.st, id)
	if err != nil {
		return
	}
	w.start(c, fresh)
}

func (w *watcher) start(c *container.Container, fresh bool) {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	if w.watched[c.ID] || c.Pid == 0 {
		return
	}
	m, err := newMonitor(c, fresh)
	if err != nil {
		return
	}
	w.watched[c.ID] = true
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		m.run(w.stop, w.monitored)
		w.wmu.Lock()
		delete(w.watched, c.ID)
		w.wmu.Unlock()
	}()
}
