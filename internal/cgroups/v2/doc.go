// Package v2 drives a cgroup v2 (unified) directory: interface files named
// <controller>.<knob>, controllers enabled top down through
// cgroup.subtree_control, freezing via cgroup.freeze, and device access
// through an eBPF program (package devices). One file per controller here.
//
// The Set* functions convert the v1-flavoured OCI values (cpu shares, blkio
// weights, memory+swap) into v2 ones. Package cgroups decides which fields
// go to v2 on hybrid hosts; this package never touches v1 hierarchies.
package v2
