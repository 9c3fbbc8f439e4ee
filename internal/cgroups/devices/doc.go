// Package devices turns linux.resources.devices rules into what the kernel
// takes: v1 devices.allow/devices.deny lines, and for v2 an eBPF
// BPF_PROG_TYPE_CGROUP_DEVICE program, which it also attaches to and
// detaches from a cgroup directory.
//
// It does not create device nodes; that is the rootfs's job.
package devices
