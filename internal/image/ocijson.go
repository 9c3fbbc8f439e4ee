package image

import "time"

// The JSON documents of the OCI image spec that cell reads, with only the
// fields it uses (and the ones a valid layout must carry), named as the
// spec names them. Unknown fields are ignored.

// ociIndex is an image index: index.json of a layout, or a nested index
// blob.
type ociIndex struct {
	// SchemaVersion is 2; not checked on import.
	SchemaVersion int             `json:"schemaVersion"`
	Manifests     []ociDescriptor `json:"manifests"`
}

// ociImageManifest is an image manifest: the config and layer blobs of one
// image.
type ociImageManifest struct {
	// SchemaVersion is 2; not checked on import.
	SchemaVersion int             `json:"schemaVersion"`
	Config        ociDescriptor   `json:"config"`
	Layers        []ociDescriptor `json:"layers"`
}

// ociDescriptor points to a blob by digest.
type ociDescriptor struct {
	MediaType string `json:"mediaType"`
	Digest    digest `json:"digest"`
	// Size is the blob's size in bytes; not checked on import (the digest
	// is).
	Size        int64             `json:"size"`
	Annotations map[string]string `json:"annotations,omitempty"`
	// Platform is the platform of the image a manifest describes; nil when
	// unspecified.
	Platform *ociPlatform `json:"platform,omitempty"`
}

// ociPlatform is the platform of an image.
type ociPlatform struct {
	Architecture string `json:"architecture"`
	OS           string `json:"os"`
}

// ociImage is an image config blob.
type ociImage struct {
	// Created is the image's creation time; nil when unset.
	Created      *time.Time  `json:"created,omitempty"`
	Architecture string      `json:"architecture"`
	OS           string      `json:"os"`
	Config       ImageConfig `json:"config,omitempty"`
	RootFS       ociRootFS   `json:"rootfs"`
}

// ociRootFS lists an image's layers by diff ID.
type ociRootFS struct {
	// Type is "layers"; not checked on import.
	Type string `json:"type"`
	// DiffIDs are the digests of the uncompressed layer tars, bottom layer
	// first.
	DiffIDs []digest `json:"diff_ids"`
}

// ImageConfig is an image's run configuration, the "config" object of an
// OCI image config. Every field is optional; empty means unset. cell runs
// with User, Env, Entrypoint, Cmd and WorkingDir; it keeps the others so
// that its records and `cell image ls --format json` show the whole config.
type ImageConfig struct {
	// User is "user", "uid", "user:group" or "uid:gid".
	User string `json:"User,omitempty"`
	// ExposedPorts are "port/proto" keys ("80/tcp"); values are empty.
	ExposedPorts map[string]struct{} `json:"ExposedPorts,omitempty"`
	// Env is the base environment, "NAME=value" entries.
	Env []string `json:"Env,omitempty"`
	// Entrypoint and Cmd make the process's arguments (see Image.Args).
	Entrypoint []string `json:"Entrypoint,omitempty"`
	Cmd        []string `json:"Cmd,omitempty"`
	// Volumes are the paths the image expects volumes at; values are
	// empty.
	Volumes map[string]struct{} `json:"Volumes,omitempty"`
	// WorkingDir is the process's cwd.
	WorkingDir string `json:"WorkingDir,omitempty"`
	// Labels are the image's labels.
	Labels map[string]string `json:"Labels,omitempty"`
	// StopSignal is the signal that stops the container ("SIGTERM").
	StopSignal string `json:"StopSignal,omitempty"`
	// ArgsEscaped is a deprecated docker field (Windows command lines).
	ArgsEscaped bool `json:"ArgsEscaped,omitempty"`
}
