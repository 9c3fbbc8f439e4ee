// Package people is the docker-like side of cell: `cell run [flags]
// [ROOTFS|IMAGE] [-- CMD]` and its companions (logs, stop, rm, ps). It
// prepares what a spec needs on the host (a root filesystem, /etc files,
// an image's overlay, a log file), builds the spec with spec.FromRun, and
// runs it through package container like any other bundle.
//
// Each container's files live in its bundle directory <root>/.run/<id>/
// (config.json, rootfs/, upper/ and work/ for images, log), beside the
// engine's state directory <root>/<id>/; Remove deletes both.
//
// It does not parse flags (package cli does), does not build specs itself
// (package spec does) and does not touch the kernel beyond mounting an
// image's overlay on the host.
package people
