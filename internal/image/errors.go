package image

import "errors"

var (
	// ErrNotFound is returned by Get and Remove for an unknown image name.
	ErrNotFound = errors.New("image not found")
	// ErrUnsafePath is returned when an archive entry or link would write
	// outside its layer directory.
	ErrUnsafePath = errors.New("unsafe path in archive")
	// ErrFormat is returned when a source is neither an OCI layout nor a
	// docker archive, or its metadata is malformed.
	ErrFormat = errors.New("unrecognized image format")
	// ErrDigest is returned when a blob or layer does not match its digest.
	ErrDigest = errors.New("digest mismatch")
)
