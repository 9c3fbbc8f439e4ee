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
		delete(w.started, e.ID)
		w.mu.Unlock()
	}
	w.emit(e)
	if e.Type == Start {
		w.mu.Lock()
		w.started[e.ID] = true
		w.mu.Unlock()
	}
	if e.Type == Create || e.Type == Start {
		w.watch(e.ID, true)
	}
}

// monitored handles an event of a monitor. An exit waits, for a second at
// most, until the journal has its container's start (a quick process
// exits before `cell start` has journaled it) and, when the kernel no
// longer knew its status, for the journal's exit with the status.
func (w *watcher) monitored(e Event) {
	if e.Type != Exit {
		w.emit(e)
		return
	}
	d, ok := e.Data.(ExitData)
	known := !ok || d.Status >= 0
	if known && w.isStarted(e.ID) {
		w.exit(e)
		return
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		deadline := time.After(time.Second)
		for {
			select {
			case <-deadline:
				w.exit(e)
				return
			case <-w.stop:
				return
			case <-time.After(10 * time.Millisecond):
				if known && w.isStarted(e.ID) {
					w.exit(e)
					return
				}
			}
		}
	}()
}

// isStarted reports whether container id's start was journaled, or it ran
// already when the watch began.
func (w *watcher) isStarted(id string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.started[id]
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
