package rootfs

import (
	"strings"

	"golang.org/x/sys/unix"
)

// mountOpts is a mounts[] entry's options split the way mount(2) wants them.
type mountOpts struct {
	flags       uintptr   // MS_* flags to set
	propagation []uintptr // applied one by one after the mount
	data        []string  // unknown options, passed to the filesystem
	bind        bool      // bind or rbind
}

// flagOptions maps an option to the flag it sets (set) or clears (!set).
var flagOptions = map[string]struct {
	set  bool
	flag uintptr
}{
	"defaults":      {false, 0},
	"ro":            {true, unix.MS_RDONLY},
	"rw":            {false, unix.MS_RDONLY},
	"nosuid":        {true, unix.MS_NOSUID},
	"suid":          {false, unix.MS_NOSUID},
	"nodev":         {true, unix.MS_NODEV},
	"dev":           {false, unix.MS_NODEV},
	"noexec":        {true, unix.MS_NOEXEC},
	"exec":          {false, unix.MS_NOEXEC},
	"sync":          {true, unix.MS_SYNCHRONOUS},
	"async":         {false, unix.MS_SYNCHRONOUS},
	"dirsync":       {true, unix.MS_DIRSYNC},
	"mand":          {true, unix.MS_MANDLOCK},
	"nomand":        {false, unix.MS_MANDLOCK},
	"noatime":       {true, unix.MS_NOATIME},
	"atime":         {false, unix.MS_NOATIME},
	"nodiratime":    {true, unix.MS_NODIRATIME},
	"diratime":      {false, unix.MS_NODIRATIME},
	"relatime":      {true, unix.MS_RELATIME},
	"norelatime":    {false, unix.MS_RELATIME},
	"strictatime":   {true, unix.MS_STRICTATIME},
	"nostrictatime": {false, unix.MS_STRICTATIME},
	"bind":          {true, unix.MS_BIND},
	"rbind":         {true, unix.MS_BIND | unix.MS_REC},
}

// propagationOptions maps a propagation option to its mount(2) flags.
var propagationOptions = map[string]uintptr{
	"private":     unix.MS_PRIVATE,
	"rprivate":    unix.MS_PRIVATE | unix.MS_REC,
	"shared":      unix.MS_SHARED,
	"rshared":     unix.MS_SHARED | unix.MS_REC,
	"slave":       unix.MS_SLAVE,
	"rslave":      unix.MS_SLAVE | unix.MS_REC,
	"unbindable":  unix.MS_UNBINDABLE,
	"runbindable": unix.MS_UNBINDABLE | unix.MS_REC,
}

// parseMountOptions splits OCI mount options into flags, propagation
// changes and a data string. Later options win over earlier ones.
func parseMountOptions(options []string) mountOpts {
	var mo mountOpts
	for _, o := range options {
		if f, ok := flagOptions[o]; ok {
			if f.set {
				mo.flags |= f.flag
			} else {
				mo.flags &^= f.flag
			}
			continue
		}
		if p, ok := propagationOptions[o]; ok {
			mo.propagation = append(mo.propagation, p)
			continue
		}
		mo.data = append(mo.data, o)
	}
	mo.bind = mo.flags&unix.MS_BIND != 0
	return mo
}

// dataString is the comma-joined filesystem data.
func (mo mountOpts) dataString() string { return strings.Join(mo.data, ",") }

// remountFlags are the flags a bind mount needs a second, remounting call
// for: the kernel ignores all but MS_REC on the first MS_BIND call.
func (mo mountOpts) remountFlags() uintptr {
	return mo.flags &^ (unix.MS_BIND | unix.MS_REC)
}
