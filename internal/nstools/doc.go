// Package nstools implements cell's namespace commands where they overlap
// with util-linux: unshare (run a program in new namespaces), nsenter (run a
// program in the namespaces of another process) and pivot-root.
//
// A Go process is multi-threaded, so new namespaces are made at clone time
// (exec.Cmd with SysProcAttr.Cloneflags and id mappings) and existing ones
// are joined by the C constructor of package nsenter in a re-executed cell.
// When work is left to do inside the namespaces (mount propagation, mounting
// /proc, taking root credentials) the re-executed cell runs Child, which does
// it and then executes the program. Unlike util-linux, `unshare -p` always
// forks: the program is pid 1 of the new namespace, with or without -f.
//
// It does not manage named namespaces (package network/netns) or containers.
package nstools
