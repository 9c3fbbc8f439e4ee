// Package image imports container images from local archives into a
// content-addressed store and turns them into overlay root filesystems.
//
// It reads three source formats, detected automatically:
//
//   - an OCI image layout directory (oci-layout, index.json, blobs/),
//   - an OCI archive: a tar (optionally gzip-compressed) of such a layout,
//   - a `docker save` archive or its extracted directory (manifest.json plus
//     layer tars, which may be gzip-compressed). Docker 25+ archives carry
//     both manifest.json and an OCI layout; manifest.json is preferred.
//
// Every layer is unpacked once into <root>/layers/<algo>-<hex>/fs, keyed by
// its diff ID (the digest of the uncompressed tar, which is verified), so
// images sharing layers share the directories. OCI whiteouts are converted
// into overlayfs whiteouts while unpacking: ".wh.NAME" becomes a 0:0
// character device NAME and ".wh..wh..opq" sets trusted.overlay.opaque=y on
// its directory. A container then mounts an overlay with the layers as
// lowerdirs (see OverlayOptions and Image.Mount).
//
// Extraction never writes outside the layer directory: entry names with a
// ".." component are rejected; absolute names are made relative to the layer
// root (as docker and containerd do); parent directories are resolved inside
// the layer root, so a symlink in the layer that points elsewhere
// (absolute or relative) is scoped to the layer, never followed out;
// hardlinks must name an existing non-directory inside the layer; overlay
// xattrs (trusted.overlay.*, user.overlay.*) in the archive are dropped.
//
// Image metadata lives in <root>/images.json, written atomically; every
// operation holds a flock on <root>/lock (shared for reads, exclusive for
// Import and Remove), so concurrent cell processes are safe.
//
// The package does not pull from registries, does not verify signatures,
// accepts only sha256 and sha512 digests, does not support zstd-compressed
// layers, and does not track which containers use an image: Remove frees
// layers no other image references even if a running container still has
// them mounted. It needs root (or
// CAP_MKNOD and CAP_SYS_ADMIN) to write whiteouts and to chown files.
package image
