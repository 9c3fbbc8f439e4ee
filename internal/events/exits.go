package events

import "time"

// journaled handles an event read from the journal.
func (w *watcher) journaled(e Event) {
	switch e.Type {
	case Exit:
		w.exit(e)
		return
	case Create:
		w.mu.Lock()
		delete(w.exited, e.ID) // a new container of a reused id
		w.mu.Unlock()
	}
	w.emit(e)
	if e.Type == Create || e.Type == Start {
		w.watch(e.ID, true)
	}
}

// monitored handles an event of a monitor. An exit whose status the
// kernel no longer knew waits a second for the journal's.
func (w *watcher) monitored(e Event) {
	if e.Type != Exit {
		w.emit(e)
		return
	}
	if d, ok := e.Data.(ExitData); !ok || d.Status >= 0 {
		w.exit(e)
		return
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		select {
		case <-time.After(time.Second):
			w.exit(e)
		case <-w.stop:
		}
	}()
}

// exit emits the first exit event of a container.
func (w *watcher) exit(e Event) {
	w.mu.Lock()
	seen := w.exited[e.ID]
	w.exited[e.ID] = true
	w.mu.Unlock()
	if !seen {
		w.emit(e)
	}
}
