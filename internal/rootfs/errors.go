package rootfs

import "errors"

var (
	// ErrSymlink reports a path inside the rootfs that is a symlink where
	// the runtime refuses to follow one (/dev, device nodes, /dev/console,
	// a proc or sysfs mount destination).
	ErrSymlink = errors.New("path is a symlink")
	// ErrNotDir reports a proc or sysfs destination that exists and is not a
	// directory.
	ErrNotDir = errors.New("path exists and is not a directory")
	// ErrEscaped reports a resolved path whose file descriptor no longer
	// points where it was resolved to (a rename or symlink race).
	ErrEscaped = errors.New("path changed while being resolved")
	// ErrNotDevNull reports a /dev/null that is not the character device 1:3.
	ErrNotDevNull = errors.New("/dev/null is not the null device")
	// ErrSysctl reports a sysctl that cannot be set in this container: not
	// namespaced, or its namespace is not unshared.
	ErrSysctl = errors.New("sysctl not allowed")
	// ErrNotProcfs reports a /proc/sys file that is not on procfs.
	ErrNotProcfs = errors.New("not on procfs")
	// ErrProcDestination reports a mount aimed below /proc at a path that
	// is not on the allow list, or at /proc itself that is not procfs.
	ErrProcDestination = errors.New("mount destination at or under /proc not allowed")
)
