package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	json "github.com/go-json-experiment/json/v1"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/people"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
)

func init() {
	register("start", newStartCmd)
	register("state", newStateCmd)
	register("kill", newKillCmd)
	register("delete", newDeleteCmd)
	register("pause", newPauseCmd)
	register("resume", newResumeCmd)
}

// wrapID prefixes an error with the command and container id.
func wrapID(verb, id string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s %s: %w", verb, id, err)
}

// withLocked runs fn on container id holding its lock.
func withLocked(g *Globals, verb, id string, fn func(*container.Container) error) error {
	c, unlock, err := container.Locked(store.Store{Root: g.Root}, id)
	if err != nil {
		return wrapID(verb, id, err)
	}
	defer unlock()
	return wrapID(verb, id, fn(c))
}

func idCmd(use, short string, fn func(g *Globals, id string) error) func(*Globals) *cobra.Command {
	return func(g *Globals) *cobra.Command {
		return &cobra.Command{
			Use: use + " ID", Short: short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error { return fn(g, args[0]) },
		}
	}
}

var newStartCmd = idCmd("start", "start a created container's process", func(g *Globals, id string) error {
	return recorded(g, "start", id, withLocked(g, "start", id, (*container.Container).Start))
})

var newPauseCmd = idCmd("pause", "freeze every process of a container", func(g *Globals, id string) error {
	return recorded(g, "pause", id, withLocked(g, "pause", id, (*container.Container).Pause))
})

var newResumeCmd = idCmd("resume", "thaw a paused container", func(g *Globals, id string) error {
	return recorded(g, "resume", id, withLocked(g, "resume", id, (*container.Container).Resume))
})

var newStateCmd = idCmd("state", "print a container's OCI state as JSON", func(g *Globals, id string) error {
	c, err := container.Load(store.Store{Root: g.Root}, id)
	if err != nil {
		return wrapID("state", id, err)
	}
	b, err := json.MarshalIndent(c.OCIState(), "", "  ")
	if err != nil {
		return err
	}
	fmt.Println(string(b))
	return nil
})

func newKillCmd(g *Globals) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "kill [flags] ID [SIGNAL]",
		Short: "send a signal (default SIGTERM) to a container",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			sig := unix.SIGTERM
			if len(args) == 2 {
				var err error
				if sig, err = parseSignal(args[1]); err != nil {
					return wrapID("kill", args[0], err)
				}
			}
			return withLocked(g, "kill", args[0], func(c *container.Container) error { return c.Signal(sig, all) })
		},
	}
	cmd.Flags().BoolVarP(&all, "all", "a", false, "signal every process in the container")
	return cmd
}

// parseSignal accepts 9, KILL and SIGKILL.
func parseSignal(s string) (unix.Signal, error) {
	if n, err := strconv.Atoi(s); err == nil {
		if n <= 0 || n > 64 {
			return 0, fmt.Errorf("signal %d: out of range", n)
		}
		return unix.Signal(n), nil
	}
	name := strings.ToUpper(s)
	if !strings.HasPrefix(name, "SIG") {
		name = "SIG" + name
	}
	if sig := unix.SignalNum(name); sig != 0 {
		return sig, nil
	}
	return 0, fmt.Errorf("unknown signal %q", s)
}

func newDeleteCmd(g *Globals) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "delete [flags] ID",
		Short: "delete a container (--force kills a running one first)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			err := recorded(g, "delete", args[0], withLocked(g, "delete", args[0], func(c *container.Container) error { return c.Delete(force) }))
			if err != nil && force && gone(store.Store{Root: g.Root}, args[0]) {
				// Deleting what is not there, or what a create killed
				// before its first save left, succeeds, as with runc:
				// containerd's shim relies on it.
				return wrapID("delete", args[0], people.RemoveBundle(g.Root, args[0]))
			}
			if err != nil {
				return err
			}
			return wrapID("delete", args[0], people.RemoveBundle(g.Root, args[0]))
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "kill the container if it is running; succeed if it does not exist")
	return cmd
}

// gone reports whether container id is not there after delete --force
// failed: never made, or half made and now removed.
func gone(st store.Store, id string) bool {
	if spec.ValidateID(id) != nil {
		return false
	}
	if _, err := os.Stat(st.Dir(id)); errors.Is(err, os.ErrNotExist) {
		return true
	}
	removed, err := st.RemoveHalfMade(id)
	return removed && err == nil
}
