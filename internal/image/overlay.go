package image

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// maxMountData is the kernel's limit on mount(2) option data (one page).
const maxMountData = 4096

// OverlayOptions returns the overlay mount data for img: lowerdir lists the
// layers top layer first, as overlayfs wants. upper and work are the
// container's writable directories (same filesystem, both empty at first);
// with both empty the overlay is read-only, which overlayfs allows only for
// two or more layers. An image without layers, paths holding ':' or ',',
// or data over one page (roughly 35 layers) are errors.
func OverlayOptions(img *Image, upper, work string) (string, error) {
	if len(img.Layers) == 0 {
		return "", fmt.Errorf("overlay for %q: image has no layers", img.Name)
	}
	if (upper == "") != (work == "") {
		return "", errors.New("overlay: upper and work directories go together")
	}
	if upper == "" && len(img.Layers) < 2 {
		return "", fmt.Errorf("overlay for %q: a read-only overlay needs two layers", img.Name)
	}
	lower := slices.Clone(img.Layers)
	slices.Reverse(lower)
	dirs := append(slices.Clone(lower), upper, work)
	for _, d := range dirs {
		if strings.ContainsAny(d, ":,") {
			return "", fmt.Errorf("overlay: path %q holds ':' or ','", d)
		}
	}
	opts := "lowerdir=" + strings.Join(lower, ":")
	if upper != "" {
		opts += ",upperdir=" + upper + ",workdir=" + work
	}
	if len(opts) >= maxMountData {
		return "", fmt.Errorf("overlay for %q: %d layers exceed the mount data limit", img.Name, len(lower))
	}
	return opts, nil
}

// Mount mounts the image's overlay on target, creating upper and work
// (mode 0755) when missing. The caller unmounts it.
func (img *Image) Mount(target, upper, work string) error {
	opts, err := OverlayOptions(img, upper, work)
	if err != nil {
		return err
	}
	for _, d := range []string{upper, work} {
		if d == "" {
			continue
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("overlay: %w", err)
		}
	}
	if err := unix.Mount("overlay", target, "overlay", 0, opts); err != nil {
		return fmt.Errorf("mount overlay on %q: %w", target, err)
	}
	return nil
}
