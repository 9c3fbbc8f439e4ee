package cgroups

// None returns the Manager of a container that has no cgroup of its own:
// it runs in its creator's cgroup, as runc's rootless containers do where
// the caller may not create cgroups. Apply and Destroy do nothing,
// OpenEntry opens nothing, Pids and Paths are empty, Set refuses any part of
// linux.resources naming its field, and Freeze, Stats and OOMKillCount
// report that there is no controller.
//
// FromPaths of an empty map returns the same.
func None() Manager { return &manager{h: defaultHost()} }
