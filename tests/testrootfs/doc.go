// Package testrootfs builds the root filesystem and OCI bundles that
// integration tests run containers on.
//
// The root filesystem holds one static program, tests/payload, at
// /bin/payload with a symlink in /bin for each of its commands, plus the
// host's static busybox (when /bin/busybox exists) for the names payload
// does not provide, and minimal /etc/passwd and /etc/group files. The
// payload is compiled once per process and cached across processes in the
// temp directory, keyed by a hash of its sources.
//
// It does not mount anything, need root, or know about any runtime: it only
// writes files. DefaultSpec is a runc-like spec whose process is
// "/bin/payload true"; Bundle writes it, changed by the caller, beside a
// fresh root filesystem.
package testrootfs
