package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// runLong is the long help of `cell run`.
const runLong = `Run a command in a new container, like docker run but with no daemon.

With no ROOTFS or IMAGE the container gets a fresh root filesystem: the
host's /usr, /bin, /lib* and /sbin read-only, a minimal /etc, its own /proc,
/dev and /tmp. ROOTFS is a directory; IMAGE one imported with 'cell image
import'. Flags go before ROOTFS|IMAGE, the command after --.

Run by a user other than root, the container is rootless: that user is root
inside, state is kept in $XDG_RUNTIME_DIR/cell, the network is none or
slirp4netns (no bridge), and limits work only where a cgroup is delegated
to the user.`

// runExample is the Examples section of `cell run --help`.
const runExample = `  cell run --rm -- sh -c 'hostname; ps'               a command on the default root
  cell run -it --rm -- sh                             an interactive shell
  cell run -d --name web -p 8080:80 myimage           an image, in the background
  cell logs -f web; cell stop web; cell rm web        its log, stop it, remove it
  cell run --rm -m 64m --cpus 0.5 -- sh               with limits
  cell run --rm -v /srv:/srv:ro ./rootfs -- ls /srv   a directory as root
  cell run -b ./bundle ID                             an OCI bundle, as runc run`

// runGroups sorts the flags of `cell run` for its help; a flag in no group
// is listed under "Other options".
var runGroups = []struct {
	title string
	flags []string
}{
	{"Options", []string{"name", "rm", "detach", "interactive", "tty", "env", "env-file", "workdir", "user", "hostname", "init"}},
	{"Files", []string{"volume", "tmpfs", "read-only", "device"}},
	{"Network", []string{"net", "publish"}},
	{"Resources", resourceFlags},
	{"Security", []string{"cap-add", "cap-drop", "privileged", "security-opt", "userns", "rootless"}},
	{"OCI bundle (as runc run)", []string{"bundle", "console-socket", "pid-file", "no-pivot", "no-new-keyring", "preserve-fds"}},
}

// hiddenRunFlags are left out of the help: an alias, and --help itself.
var hiddenRunFlags = []string{"network", "help"}

// runArgs name the values of `cell run` flags in its help.
var runArgs = map[string]string{
	"name": "NAME", "env": "KEY=VALUE", "env-file": "FILE", "workdir": "DIR", "user": "UID[:GID]",
	"hostname": "NAME", "volume": "SRC:DST[:ro]", "tmpfs": "DST[:OPTS]", "device": "HOST[:CTR[:PERMS]]",
	"net": "NETWORK", "publish": "[IP:]HOST:CTR[/PROTO]", "memory": "SIZE", "memory-swap": "SIZE",
	"cpus": "N", "cpu-shares": "N", "cpuset-cpus": "LIST", "pids-limit": "N",
	"device-read-bps": "DEV:RATE", "device-write-bps": "DEV:RATE", "cap-add": "CAP", "cap-drop": "CAP",
	"security-opt": "OPT", "userns": "MODE", "bundle": "DIR", "console-socket": "PATH",
	"pid-file": "FILE", "preserve-fds": "N", "root": "DIR", "log": "FILE", "log-format": "FORMAT",
}

// runHelp writes `cell run --help`: what it does, usage, examples, then
// the flags by group, and the global ones.
func runHelp(cmd *cobra.Command, w io.Writer) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  cell %s\n\nExamples:\n%s\n", cmd.Long, cmd.Use, cmd.Example)
	local := cmd.LocalFlags()
	seen := slices.Clone(hiddenRunFlags)
	for _, g := range runGroups {
		writeGroup(w, g.title, local, g.flags)
		seen = append(seen, g.flags...)
	}
	var other, global []string
	local.VisitAll(func(f *pflag.Flag) {
		if !slices.Contains(seen, f.Name) {
			other = append(other, f.Name)
		}
	})
	writeGroup(w, "Other options", local, other)
	cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) { global = append(global, f.Name) })
	writeGroup(w, "Global options", cmd.InheritedFlags(), global)
}

// writeGroup writes the flags names of fs under title, in that order,
// their descriptions aligned.
func writeGroup(w io.Writer, title string, fs *pflag.FlagSet, names []string) {
	var heads, usages []string
	for _, n := range names {
		if f := fs.Lookup(n); f != nil {
			heads = append(heads, flagHead(f))
			usages = append(usages, flagUsage(f))
		}
	}
	if len(heads) == 0 {
		return
	}
	width := len(slices.MaxFunc(heads, func(a, b string) int { return len(a) - len(b) }))
	fmt.Fprintf(w, "\n%s:\n", title)
	for i, h := range heads {
		fmt.Fprintf(w, "%-*s   %s\n", width, h, usages[i])
	}
}

// flagHead is "  -v, --volume SRC:DST[:ro]".
func flagHead(f *pflag.Flag) string {
	h := "      --" + f.Name
	if f.Shorthand != "" {
		h = "  -" + f.Shorthand + ", --" + f.Name
	}
	if arg, ok := runArgs[f.Name]; ok {
		h += " " + arg
	} else if t := f.Value.Type(); t != "bool" {
		h += " " + strings.ToUpper(t)
	}
	return h
}

// flagUsage is a flag's description and its default, unless zero.
func flagUsage(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "false", "0", "[]":
		return f.Usage
	}
	return fmt.Sprintf("%s (default %s)", f.Usage, f.DefValue)
}
