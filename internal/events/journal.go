package events

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// JournalName is the journal file in the state root. It is a file, so
// store.List, which lists directories holding a state.json, ignores it.
const JournalName = "events.log"

// maxJournal is the size past which Record starts the journal afresh.
const maxJournal = 1 << 20

// Record appends a lifecycle event of container id to the journal of the
// state root, for watchers to pick up. It creates the journal if needed.
func Record(root, typ, id string) error {
	b, err := json.Marshal(Event{Type: typ, ID: id})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(root, JournalName), os.O_WRONLY|os.O_CREATE|os.O_APPEND|unix.O_CLOEXEC, 0o600)
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
