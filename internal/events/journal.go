package events

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	json "github.com/go-json-experiment/json/v1"
	"golang.org/x/sys/unix"
)

// JournalName is the journal file in the state root. It is a file, so
// store.List, which lists directories holding a state.json, ignores it.
const JournalName = "events.log"

// maxJournal is the size past which Record starts the journal afresh.
const maxJournal = 1 << 20

// Record appends a lifecycle event of container id to the journal of the
// state root, for watchers to pick up. The journal exists once someone
// watched; until then Record writes nothing, and the state root holds
// nothing but containers.
func Record(root, typ, id string) error { return record(root, Event{Type: typ, ID: id}) }

// RecordExit journals the exit status of container id, for the process
// that reaped its init (`cell run`) to tell watchers what a pidfd cannot
// on kernels before 6.15.
func RecordExit(root, id string, status int) error {
	return record(root, Event{Type: Exit, ID: id, Data: ExitData{Status: status}})
}

func record(root string, e Event) error {
	typ := e.Type
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(root, JournalName), os.O_WRONLY|os.O_APPEND|unix.O_CLOEXEC, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil // nobody ever watched
	}
	if err != nil {
		return fmt.Errorf("record %s event: %w", typ, err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		return fmt.Errorf("record %s event: lock journal: %w", typ, err)
	}
	if fi, err := f.Stat(); err == nil && fi.Size() > maxJournal {
		if err := f.Truncate(0); err != nil {
			return fmt.Errorf("record %s event: truncate journal: %w", typ, err)
		}
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("record %s event: %w", typ, err)
	}
	return nil
}
