package spec

import (
	"fmt"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// RunOptions are the docker-like choices of `cell run`, already read from
// flags and files but not yet checked. FromRun turns them into a spec.
// Zero values mean Docker's defaults: the spec's command, root user, cwd
// "/", hostname = ID, no limits, default capabilities and seccomp profile,
// a new network namespace.
type RunOptions struct {
	// ID names the container; it is the default hostname.
	ID string
	// Args is the command; empty is an error.
	Args []string
	// Env is KEY=VALUE pairs added after the default PATH and TERM, later
	// ones winning.
	Env      []string
	Workdir  string // absolute cwd; "" is "/"
	User     string // uid[:gid]; "" is 0:0
	Hostname string // "" is ID
	Terminal bool   // -t
	// Root is the root filesystem directory (absolute). RootBinds are host
	// directories bind-mounted read-only at the same path inside (the
	// default root filesystem's /usr, /bin, /lib*...).
	Root      string
	RootBinds []string
	ReadOnly  bool // --read-only: root mounted read-only
	// Mounts are further mounts the caller prepared (such as /etc/hosts
	// for an image), before Volumes and Tmpfs, which may cover them.
	Mounts  []specs.Mount
	Volumes []string // SRC:DST[:ro|rw]
	Tmpfs   []string // DST[:OPTIONS]
	Devices []string // HOST[:CONTAINER[:PERMS]]
	// LookupDevice returns the device node at a host path (type, major,
	// minor, mode); --device and --device-*-bps need it.
	LookupDevice func(path string) (specs.LinuxDevice, error)
	Resources    ResourceOptions
	Security     SecurityOptions
	Network      NetworkOptions
	// UIDMap and GIDMap, when set, give the container a user namespace.
	UIDMap, GIDMap []specs.LinuxIDMapping
	// Init, when set, is a host file (the cell binary) bind-mounted
	// read-only at InitPath and run as PID 1 in front of Args.
	Init        string
	Annotations map[string]string
}

// InitPath is where --init's reaper is mounted inside the container.
const InitPath = "/dev/.cell-init"

// initArgs are the arguments the reaper is run with, before the command.
var initArgs = []string{InitPath, "init-reaper", "--"}

// FromRun builds the spec for o, starting from Default. Errors name the
// flag at fault.
func FromRun(o RunOptions) (*specs.Spec, error) {
	if len(o.Args) == 0 {
		return nil, fmt.Errorf("no command: give one after -- (or an image with a command)")
	}
	s := Default()
	s.Root = &specs.Root{Path: o.Root, Readonly: o.ReadOnly}
	s.Annotations = o.Annotations
	s.Hostname = o.ID
	if o.Hostname != "" {
		s.Hostname = o.Hostname
	}
	steps := []func(*specs.Spec, *RunOptions) error{
		setProcess, setMounts, setDevices, setResources, setSecurity, setNetwork, setUserns,
	}
	for _, step := range steps {
		if err := step(s, &o); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func setProcess(s *specs.Spec, o *RunOptions) error {
	p := s.Process
	p.Args, p.Terminal = o.Args, o.Terminal
	if o.Init != "" {
		p.Args = append(append([]string(nil), initArgs...), o.Args...)
	}
	p.Env = mergeEnv(append(p.Env, "HOSTNAME="+s.Hostname), o.Env)
	for _, e := range o.Env {
		if k, _, ok := strings.Cut(e, "="); !ok || k == "" {
			return fmt.Errorf("--env %q: want KEY=VALUE", e)
		}
	}
	if o.Workdir != "" {
		if !strings.HasPrefix(o.Workdir, "/") {
			return fmt.Errorf("--workdir %q: must be an absolute path", o.Workdir)
		}
		p.Cwd = o.Workdir
	}
	if o.User != "" {
		uid, gid, err := ParseUser(o.User)
		if err != nil {
			return fmt.Errorf("--user: %w", err)
		}
		p.User = specs.User{UID: uid, GID: gid}
	}
	return nil
}

// mergeEnv appends add to base, a later KEY replacing an earlier one in
// place.
func mergeEnv(base, add []string) []string {
	out := append([]string(nil), base...)
	idx := map[string]int{}
	for i, e := range out {
		k, _, _ := strings.Cut(e, "=")
		idx[k] = i
	}
	for _, e := range add {
		k, _, _ := strings.Cut(e, "=")
		if i, ok := idx[k]; ok {
			out[i] = e
			continue
		}
		idx[k] = len(out)
		out = append(out, e)
	}
	return out
}
