// Package rootfs builds a container's root filesystem from inside the
// container's own mount namespace.
//
// The container's init calls, in order:
//
//	Prepare(spec, rootfs, opts)  // host paths visible: mounts[], /dev, console
//	Enter(rootfs, opts)          // PivotRoot, or Chroot when opts.NoPivot
//	Finish(spec)                 // inside: sysctl, readonly and masked paths, ro root
//
// Every destination inside the rootfs is resolved with symlinks scoped to
// the rootfs (github.com/cyphar/filepath-securejoin) and mounted through an
// O_PATH file descriptor (/proc/self/fd/N) that is checked again just before
// the mount, so a symlink planted or swapped in the rootfs can never aim a
// mount at the host.
//
// The package does not create namespaces, join cgroups, set the hostname or
// change credentials; it does not copy up tmpfs contents (tmpcopyup) and does
// not support idmapped mounts. It must run on a goroutine locked to its OS
// thread, in a mount namespace the caller created: it changes mounts
// without asking.
package rootfs
