// Package v1 drives cgroup v1 hierarchies: one directory per controller
// (cpu, cpuacct, cpuset, memory, devices, freezer, blkio, pids, hugetlb,
// net_cls, net_prio), one file per controller here.
//
// A Group holds the directories; the Set* functions write one controller's
// part of linux.resources into one directory. Which hierarchy serves which
// field, and hybrid hosts, are decided by package cgroups, not here. It
// never mounts hierarchies and never writes above a group's directories,
// except to read cpuset values from ancestors.
package v1
