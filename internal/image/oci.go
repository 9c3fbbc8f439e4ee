package image

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	json "github.com/go-json-experiment/json/v1"
)

// Annotations naming an image in an OCI index, media types of nested
// indexes, and how deep indexes may nest.
const (
	annotationRefName        = "org.opencontainers.image.ref.name"
	annotationContainerdName = "io.containerd.image.name"
	mediaTypeImageIndex      = "application/vnd.oci.image.index.v1+json"
	mediaTypeDockerList      = "application/vnd.docker.distribution.manifest.list.v2+json"
	maxIndexDepth            = 4
)

// ociManifest reads an OCI layout: the image manifest for linux/GOARCH,
// preferring one annotated with the name want.
func ociManifest(root *os.Root, want string) (*manifest, error) {
	var idx ociIndex
	if err := readJSON(root, "index.json", &idx); err != nil {
		return nil, err
	}
	desc, names, err := pickManifest(root, idx.Manifests, want, 0)
	if err != nil {
		return nil, err
	}
	var im ociImageManifest
	if err := readBlobJSON(root, desc, &im); err != nil {
		return nil, err
	}
	config, err := readBlob(root, im.Config)
	if err != nil {
		return nil, err
	}
	m := &manifest{names: names, config: config}
	for _, l := range im.Layers {
		if strings.HasSuffix(l.MediaType, "+zstd") {
			return nil, fmt.Errorf("layer %s: zstd is not supported: %w", l.Digest, ErrFormat)
		}
		p, err := blobPath(l.Digest)
		if err != nil {
			return nil, err
		}
		m.layers = append(m.layers, layerBlob{path: p, digest: l.Digest})
	}
	return m, nil
}

// pickManifest walks index descriptors (nested indexes included) to an
// image manifest for this platform; it returns the manifest's descriptor and
// the names found in annotations on the way.
func pickManifest(root *os.Root, descs []ociDescriptor, want string, depth int) (ociDescriptor, []string, error) {
	if depth > maxIndexDepth {
		return ociDescriptor{}, nil, fmt.Errorf("indexes nested too deep: %w", ErrFormat)
	}
	descs = preferNamed(platformMatches(descs), want)
	for _, d := range descs {
		names := descNames(d)
		if d.MediaType != mediaTypeImageIndex && d.MediaType != mediaTypeDockerList {
			return d, names, nil
		}
		var idx ociIndex
		if err := readBlobJSON(root, d, &idx); err != nil {
			return ociDescriptor{}, nil, err
		}
		m, inner, err := pickManifest(root, idx.Manifests, want, depth+1)
		if err == nil {
			return m, append(names, inner...), nil
		}
	}
	return ociDescriptor{}, nil, fmt.Errorf("%w: %w", errNoManifest, ErrFormat)
}

func platformMatches(descs []ociDescriptor) []ociDescriptor {
	var out []ociDescriptor
	for _, d := range descs {
		p := d.Platform
		if p == nil || (p.OS == "linux" && p.Architecture == runtime.GOARCH) {
			out = append(out, d)
		}
	}
	return out
}

// preferNamed moves the descriptors annotated with want to the front.
func preferNamed(descs []ociDescriptor, want string) []ociDescriptor {
	if want == "" {
		return descs
	}
	slices.SortStableFunc(descs, func(a, b ociDescriptor) int {
		ia, ib := slices.Contains(descNames(a), want), slices.Contains(descNames(b), want)
		switch {
		case ia && !ib:
			return -1
		case ib && !ia:
			return 1
		}
		return 0
	})
	return descs
}

func descNames(d ociDescriptor) []string {
	var names []string
	for _, k := range []string{annotationContainerdName, annotationRefName} {
		if n := d.Annotations[k]; n != "" {
			names = append(names, n)
		}
	}
	return names
}

// readBlob reads a small blob and checks its digest.
func readBlob(root *os.Root, d ociDescriptor) ([]byte, error) {
	p, err := blobPath(d.Digest)
	if err != nil {
		return nil, err
	}
	b, err := readFile(root, p)
	if err != nil {
		return nil, err
	}
	got, err := digestBytes(d.Digest.algorithm(), b)
	if err != nil {
		return nil, err
	}
	if got != d.Digest {
		return nil, fmt.Errorf("blob %s: got %s: %w", d.Digest, got, ErrDigest)
	}
	return b, nil
}

func readBlobJSON(root *os.Root, d ociDescriptor, v any) error {
	b, err := readBlob(root, d)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("parse blob %s: %w: %w", d.Digest, ErrFormat, err)
	}
	return nil
}
