package people

import (
	"os"

	"github.com/cell-runtime/cell/internal/spec"
)

// Options are what `cell run` was asked to do. Spec holds everything that
// becomes the spec; its ID, Root, RootBinds, Network, Annotations, Init and
// LookupDevice are filled in by Run.
type Options struct {
	Spec spec.RunOptions
	// Name is --name: the container's id; "" generates one.
	Name string
	// Target is the ROOTFS or IMAGE argument; "" is the default root
	// filesystem.
	Target string
	// Images is the image store's directory.
	Images string
	// Net is --net as typed ("" is bridge); Ports are -p values.
	Net   string
	Ports []string
	// Init runs a reaper as PID 1 (--init).
	Init bool
	// Remove deletes the container when it exits (--rm); Detach returns
	// once it started (-d); Interactive passes stdin (-i).
	Remove, Detach, Interactive bool
	// relayArgs are the log relay's arguments for a detached container:
	// record its exit status, and remove it when it exits (--rm); set by
	// Run.
	relayArgs []string
	// etcDir holds the container's hostname, hosts and resolv.conf; veth
	// is the host end of its bridge link. Both are set by Run.
	etcDir, veth string
	// slirp connects the container with --net slirp4netns; set by Run.
	slirp *slirp
	// Stdin, Stdout and Stderr are cell's own stdio for a foreground
	// container; nil means os.Stdin, os.Stdout, os.Stderr.
	Stdin, Stdout, Stderr *os.File
}

// Annotation keys `cell run` records in a container's spec.
const (
	AnnotationName    = "run.cell.name"
	AnnotationImage   = "run.cell.image"
	AnnotationNetwork = "run.cell.network"
	AnnotationPorts   = "run.cell.ports"
	AnnotationLog     = "run.cell.log"
	AnnotationVeth    = "run.cell.veth"
)
