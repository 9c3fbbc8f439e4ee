package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/people"
)

// runFlags are the docker-like flags of `cell run` in people mode.
type runFlags struct {
	o        people.Options
	envs     []string
	envFile  []string
	userns   string
	rootless bool
	detach   *bool // run.go's -d, shared with OCI mode
}

func (f *runFlags) add(cmd *cobra.Command) {
	fl, o, s := cmd.Flags(), &f.o, &f.o.Spec
	fl.StringVar(&o.Name, "name", "", "name the container (default: a random id)")
	fl.BoolVar(&o.Remove, "rm", false, "remove the container when it exits")
	fl.BoolVarP(&o.Interactive, "interactive", "i", false, "keep stdin open")
	fl.BoolVarP(&s.Terminal, "tty", "t", false, "allocate a terminal")
	fl.StringArrayVarP(&f.envs, "env", "e", nil, "set an environment variable (KEY alone takes cell's value)")
	fl.StringArrayVar(&f.envFile, "env-file", nil, "read environment variables from a file of KEY=VALUE lines")
	fl.StringVarP(&s.Workdir, "workdir", "w", "", "working directory inside the container")
	fl.StringVarP(&s.User, "user", "u", "", "user (and group) to run as")
	fl.StringVar(&s.Hostname, "hostname", "", "host name (default: the container's id)")
	fl.StringArrayVarP(&s.Volumes, "volume", "v", nil, "bind mount host path SRC at DST (read-only with :ro)")
	fl.StringArrayVar(&s.Tmpfs, "tmpfs", nil, "mount a tmpfs at DST")
	fl.BoolVar(&s.ReadOnly, "read-only", false, "mount the root filesystem read-only")
	fl.StringArrayVar(&s.Devices, "device", nil, "add a host device")
	f.addResources(cmd)
	f.addSecurity(cmd)
	fl.StringVar(&o.Net, "net", defaultNet(), "bridge, none, host, slirp4netns, a network's name, ns:NAME or container:NAME")
	fl.StringVar(&o.Net, "network", defaultNet(), "same as --net")
	fl.StringArrayVarP(&o.Ports, "publish", "p", nil, "publish a container port on the host (bridge networks)")
	fl.BoolVar(&o.Init, "init", false, "run a tiny init as PID 1 that reaps zombies and forwards signals")
	fl.StringVar(&f.userns, "userns", "", "host, or private: root inside is an unprivileged range outside (rootless: always private)")
	fl.BoolVar(&f.rootless, "rootless", false, "same as --userns=private")
}

func (f *runFlags) addResources(cmd *cobra.Command) {
	fl, r := cmd.Flags(), &f.o.Spec.Resources
	fl.StringVarP(&r.Memory, "memory", "m", "", "memory limit (such as 64m or 1g)")
	fl.StringVar(&r.MemorySwap, "memory-swap", "", "memory plus swap limit (-1: unlimited swap)")
	fl.StringVar(&r.CPUs, "cpus", "", "number of CPUs (such as 0.5)")
	fl.Uint64Var(&r.CPUShares, "cpu-shares", 0, "relative CPU weight (default 1024)")
	fl.StringVar(&r.CpusetCPUs, "cpuset-cpus", "", "CPUs to run on (such as 0-1 or 0,2)")
	fl.Int64Var(&r.PidsLimit, "pids-limit", 0, "maximum number of processes (-1: unlimited)")
	fl.StringArrayVar(&r.DeviceReadBps, "device-read-bps", nil, "limit reads from a device (such as /dev/sda:1m)")
	fl.StringArrayVar(&r.DeviceWriteBps, "device-write-bps", nil, "limit writes to a device")
}

// resourceFlags are the flags that ask for cgroup limits.
var resourceFlags = []string{"memory", "memory-swap", "cpus", "cpu-shares", "cpuset-cpus",
	"pids-limit", "device-read-bps", "device-write-bps"}

// changed returns, as --NAME, those of names that were set.
func changed(cmd *cobra.Command, names []string) []string {
	var out []string
	for _, n := range names {
		if cmd.Flags().Changed(n) {
			out = append(out, "--"+n)
		}
	}
	return out
}

func (f *runFlags) addSecurity(cmd *cobra.Command) {
	fl, s := cmd.Flags(), &f.o.Spec.Security
	fl.StringArrayVar(&s.CapAdd, "cap-add", nil, "add a capability (such as NET_ADMIN, or ALL)")
	fl.StringArrayVar(&s.CapDrop, "cap-drop", nil, "drop a capability (such as CHOWN, or ALL)")
	fl.BoolVar(&s.Privileged, "privileged", false, "all capabilities, all devices, no seccomp or masked paths")
	fl.StringArrayVar(&s.Opts, "security-opt", nil, "no-new-privileges[:false], seccomp=unconfined or seccomp=FILE")
}

// run is `cell run` in people mode: args are [ROOTFS|IMAGE] [-- CMD...].
func (f *runFlags) run(g *Globals, cmd *cobra.Command, args []string) error {
	o := f.o
	target, command, err := splitRunArgs(cmd, args)
	if err != nil {
		return err
	}
	o.Target, o.Spec.Args, o.Images = target, command, imageRoot()
	o.Detach = *f.detach
	if o.Spec.Env, err = runEnv(f.envFile, f.envs); err != nil {
		return err
	}
	if err := f.userNamespace(&o); err != nil {
		return err
	}
	id, code, err := people.Run(g.Root, o)
	if err != nil {
		return runError(cmd, err)
	}
	if o.Detach {
		fmt.Println(id)
	}
	if code != 0 {
		return &ExitError{Code: code}
	}
	return nil
}

// runError is what `cell run` reports for people.Run's err: the resource
// flags given, where no cgroup may be made (rootless), or, as docker
// does, exit status 127 or 126 with the reason when the command could not
// be executed.
func runError(cmd *cobra.Command, err error) error {
	if flags := changed(cmd, resourceFlags); errors.Is(err, container.ErrNoCgroup) && len(flags) > 0 {
		return fmt.Errorf("run: %s: %w", strings.Join(flags, ", "), container.ErrNoCgroup)
	}
	if code := people.ExecStatus(err); code != 0 {
		fmt.Fprintf(os.Stderr, "cell: run: %v\n", err)
		return &ExitError{Code: code}
	}
	return fmt.Errorf("run: %w", err)
}

// splitRunArgs splits [ROOTFS|IMAGE] [--] [CMD ARGS...]: what precedes
// -- is the target; without --, as in docker, the first argument is the
// target and the rest the command.
func splitRunArgs(cmd *cobra.Command, args []string) (string, []string, error) {
	dash := cmd.ArgsLenAtDash()
	if dash < 0 && len(args) > 1 && args[1] == "--" {
		// Flag parsing stopped at the target, leaving its -- in args.
		return args[0], args[2:], nil
	}
	if dash < 0 {
		dash = min(len(args), 1)
	}
	if dash > 1 {
		return "", nil, fmt.Errorf("run: want at most one ROOTFS or IMAGE before --, got %q", args[:dash])
	}
	if dash == 1 {
		return args[0], args[1:], nil
	}
	return "", args, nil
}

// ociMode reports whether `cell run` runs a bundle as runc does: with
// --bundle, or with one argument, no --, a ./config.json and an argument
// that names no directory or image.
func ociMode(cmd *cobra.Command, args []string) bool {
	if cmd.Flags().Changed("bundle") {
		return true
	}
	if len(args) != 1 || cmd.ArgsLenAtDash() >= 0 {
		return false
	}
	if _, err := os.Stat("config.json"); err != nil {
		return false
	}
	return !people.IsDir(args[0]) && !people.ImageExists(imageRoot(), args[0])
}

// imageRoot is the image store: $CELL_IMAGES, else /var/lib/cell/images
// for root and $XDG_DATA_HOME/cell/images (or ~/.local/share) for others.
func imageRoot() string {
	if d := os.Getenv("CELL_IMAGES"); d != "" {
		return d
	}
	if os.Geteuid() == 0 {
		return "/var/lib/cell/images"
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "cell", "images")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".local", "share", "cell", "images")
}
