package people

import (
	"io"
	"os"
	"sync"
)

// relayTerminal returns the engine's Console callback for `cell run -t`:
// it copies in to the pty master and the master to out, and marks wg done
// once the container side of the terminal is closed.
//
// This is the one call site for the terminal relay; package console's
// relay (raw mode, window size) replaces the copies here.
func relayTerminal(in, out *os.File, wg *sync.WaitGroup) func(*os.File) {
	wg.Add(1)
	return func(master *os.File) {
		go func() { _, _ = io.Copy(master, in) }()
		go func() {
			defer wg.Done()
			defer master.Close()
			_, _ = io.Copy(out, master)
		}()
	}
}
