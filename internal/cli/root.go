// Package cli holds cell's command line: one file per subcommand, each
// turning flags into one call and printing its result. It never reaches into
// the kernel itself.
package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

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

// commands lists the constructors of the subcommands; each subcommand's file
// adds itself in an init function so that files do not touch each other.
var commands []func(*Globals) *cobra.Command

func register(f func(*Globals) *cobra.Command) { commands = append(commands, f) }

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
	root := newRoot(g)
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

func newRoot(g *Globals) *cobra.Command {
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
	for _, c := range commands {
		root.AddCommand(c(g))
	}
	return root
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
