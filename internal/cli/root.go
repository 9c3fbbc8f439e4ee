// Package cli holds cell's command line: one file per subcommand, each
// turning flags into one call and printing its result. It never reaches into
// the kernel itself.
package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// Globals are runc's global flags, shared by every subcommand.
type Globals struct {
	Root          string // state directory
	Log           string // log file; "" means stderr
	LogFormat     string // "text" or "json"
	Debug         bool
	SystemdCgroup bool
	log           *logger
}

// commands lists the subcommands' names and constructors; each
// subcommand's file adds itself in an init function so that files do not
// touch each other.
var commands []command

type command struct {
	name string // the first word of the command's Use
	new  func(*Globals) *cobra.Command
}

func register(name string, f func(*Globals) *cobra.Command) {
	commands = append(commands, command{name, f})
}

// ExitError carries a process exit status out of a command without an error
// message (for example `cell run` returning the container's status).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Main runs the command line in args and returns the process exit status.
func Main(args []string) int {
	if len(args) > 1 && args[1] == initCommand {
		return runInit()
	}
	g := &Globals{}
	root := newRoot(g, args[1:])
	root.SetArgs(args[1:])
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	if g.log == nil {
		g.log = newLogger(os.Stderr, "text")
	}
	g.log.Error(err)
	if g.log.toFile {
		// The shim reads the log; a person reads stderr.
		fmt.Fprintf(os.Stderr, "cell: %v\n", err)
	}
	return 1
}

func newRoot(g *Globals, args []string) *cobra.Command {
	root := &cobra.Command{
		Use:           "cell",
		Short:         "cell runs containers: an OCI runtime built on namespaces and cgroups",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return g.setup()
		},
	}
	setVersion(root)
	f := root.PersistentFlags()
	f.StringVar(&g.Root, "root", defaultRoot(), "directory for container state")
	f.StringVar(&g.Log, "log", "", "write log messages to this file instead of stderr")
	f.StringVar(&g.LogFormat, "log-format", "text", "log format: text or json")
	f.BoolVar(&g.Debug, "debug", false, "log debug messages")
	f.BoolVar(&g.SystemdCgroup, "systemd-cgroup", false, "manage cgroups through systemd")
	// Building every subcommand and its flags takes 0.2-0.3 ms, a cost on
	// each create, start and delete an engine runs. A command line that
	// names a subcommand gets only that one; help, completion, a typo
	// (cobra suggests) and aliases get them all.
	name := subcommand(args)
	for _, c := range commands {
		if c.name == name {
			root.AddCommand(c.new(g))
			return root
		}
	}
	for _, c := range commands {
		root.AddCommand(c.new(g))
	}
	return root
}

// subcommand returns the first argument that is not a global flag or its
// value: the subcommand's name, if the command line names one.
func subcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--":
			return ""
		case a == "--root" || a == "--log" || a == "--log-format":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a
		}
	}
	return ""
}

func (g *Globals) setup() error {
	if g.LogFormat != "text" && g.LogFormat != "json" {
		return fmt.Errorf("--log-format %q: want text or json", g.LogFormat)
	}
	l, err := openLogger(g.Log, g.LogFormat, g.Debug)
	if err != nil {
		return err
	}
	g.log = l
	if g.SystemdCgroup && !systemdRunning() {
		return errors.New("--systemd-cgroup: systemd is not running on this host (no /run/systemd/system); use the default cgroupfs driver")
	}
	return nil
}

func systemdRunning() bool {
	_, err := os.Stat("/run/systemd/system")
	return err == nil
}

func defaultRoot() string {
	if os.Geteuid() == 0 {
		return "/run/cell"
	}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, "cell")
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("cell-%d", os.Geteuid()))
}
