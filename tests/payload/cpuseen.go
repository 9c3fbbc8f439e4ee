package main

import (
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

func init() {
	register("cpuseen", "SECONDS THREADS", cpuseen)
}

// cpuseen keeps THREADS threads busy for SECONDS, each asking getcpu(2)
// where the scheduler runs it, and prints "seen A,B,...": every CPU any of
// them ran on.
func cpuseen(out io.Writer, args []string) error {
	if err := needArgs(args, 2, 2, "SECONDS THREADS"); err != nil {
		return err
	}
	d, err := parseSeconds(args[0])
	var threads int
	if _, serr := fmt.Sscan(args[1], &threads); err != nil || d < 0 || serr != nil || threads < 1 {
		return usageError{"SECONDS THREADS"}
	}
	var mu sync.Mutex
	seen := map[int]bool{}
	var wg sync.WaitGroup
	for range threads {
		wg.Go(func() {
			runtime.LockOSThread()
			for end := time.Now().Add(d); time.Now().Before(end); {
				if cpu, err := getcpu(); err == nil {
					mu.Lock()
					seen[cpu] = true
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	var list []string
	for _, cpu := range slices.Sorted(maps.Keys(seen)) {
		list = append(list, fmt.Sprint(cpu))
	}
	_, err = fmt.Fprintf(out, "seen %s\n", strings.Join(list, ","))
	return err
}
