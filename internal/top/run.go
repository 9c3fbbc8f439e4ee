package top

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// Options are what Run needs from its caller.
type Options struct {
	// Interval is the time between samples.
	Interval time.Duration
	// Sample reads every container's figures.
	Sample func() ([]Row, error)
	// Act pauses, resumes or kills container id.
	Act func(a Action, id string) error
}

// Run shows the view on the terminal in/out until q or ctrl-c (or
// SIGTERM, SIGHUP), then leaves the terminal as it found it.
func Run(in, out *os.File, o Options) error {
	t, err := openTerminal(in, out)
	if err != nil {
		return err
	}
	defer t.restore()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, unix.SIGWINCH, unix.SIGTERM, unix.SIGHUP, unix.SIGINT)
	defer signal.Stop(sigs)
	keys := make(chan string, 16)
	go t.readKeys(keys)
	w, h := t.size()
	m := NewModel(w, h, runtime.NumCPU())
	l := &loop{t: t, m: m, o: o, samples: make(chan sample, 1)}
	l.refresh()
	return l.run(keys, sigs)
}

type sample struct {
	rows []Row
	err  error
}

// loop is Run's event loop: keys, samples, resizes and signals.
type loop struct {
	t        *terminal
	m        *Model
	o        Options
	samples  chan sample
	sampling bool
}

func (l *loop) run(keys <-chan string, sigs <-chan os.Signal) error {
	tick := time.NewTicker(l.o.Interval)
	defer tick.Stop()
	for {
		l.t.draw(l.m.View(time.Now()))
		select {
		case k, ok := <-keys:
			if !ok || l.key(k) {
				return nil
			}
		case s := <-l.samples:
			l.sampling = false
			if s.err != nil {
				l.m.Message = s.err.Error()
			} else {
				l.m.SetRows(s.rows)
			}
		case <-tick.C:
			l.refresh()
		case sig := <-sigs:
			if sig != unix.SIGWINCH {
				return nil
			}
			l.m.Width, l.m.Height = l.t.size()
		}
	}
}

// key handles one key; true means quit.
func (l *loop) key(k string) bool {
	a, id := l.m.Key(k)
	switch a {
	case Quit:
		return true
	case Pause, Resume, Kill:
		verb := map[Action]string{Pause: "paused", Resume: "resumed", Kill: "killed"}[a]
		if err := l.o.Act(a, id); err != nil {
			l.m.Message = err.Error()
		} else {
			l.m.Message = fmt.Sprintf("%s %s", verb, id)
		}
		l.refresh()
	}
	return false
}

// refresh samples in the background unless a sample is under way.
func (l *loop) refresh() {
	if l.sampling {
		return
	}
	l.sampling = true
	go func() {
		rows, err := l.o.Sample()
		l.samples <- sample{rows, err}
	}()
}
