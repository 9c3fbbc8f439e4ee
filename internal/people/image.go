package people

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cell-runtime/cell/internal/image"
)

// prepareImage mounts image o.Target's overlay on the bundle's rootfs (a
// writable layer in upper/ and work/) and takes the image's Entrypoint,
// Cmd, Env, WorkingDir and User as defaults for what the flags left unset.
func prepareImage(bundle string, o *Options) error {
	if !ImageExists(o.Images, o.Target) {
		return fmt.Errorf("%q is neither a directory nor an imported image (cell image ls)", o.Target)
	}
	st, err := image.Open(o.Images)
	if err != nil {
		return err
	}
	img, err := st.Get(o.Target)
	if err != nil {
		return fmt.Errorf("%q is neither a directory nor an imported image (cell image ls): %w", o.Target, err)
	}
	rfs := rootfsDir(bundle)
	if err := img.Mount(rfs, filepath.Join(bundle, "upper"), filepath.Join(bundle, "work")); err != nil {
		if os.Geteuid() != 0 {
			return fmt.Errorf("image %s: %w (rootless, images are not supported yet: their overlay is mounted on the host; run a ROOTFS directory instead)", o.Target, err)
		}
		return err
	}
	o.Spec.Root = rfs
	return imageDefaults(rfs, img, o)
}

func imageDefaults(rfs string, img *image.Image, o *Options) error {
	cfg := img.Config
	o.Spec.Args = img.Args(o.Spec.Args)
	o.Spec.Env = append(append([]string(nil), cfg.Env...), o.Spec.Env...)
	if o.Spec.Workdir == "" {
		o.Spec.Workdir = cfg.WorkingDir
	}
	if o.Spec.User == "" && cfg.User != "" {
		u, err := resolveUser(rfs, cfg.User)
		if err != nil {
			return fmt.Errorf("image user %q: %w", cfg.User, err)
		}
		o.Spec.User = u
	}
	return nil
}

// resolveUser turns an image's "user[:group]" (names or numbers) into
// "uid:gid" using the image's /etc/passwd and /etc/group, read without
// leaving the root filesystem.
func resolveUser(rfs, user string) (string, error) {
	u, g, hasGroup := strings.Cut(user, ":")
	uid, gid, err := lookupID(rfs, "etc/passwd", u, 3)
	if err != nil {
		return "", err
	}
	if hasGroup {
		if gid, _, err = lookupID(rfs, "etc/group", g, 2); err != nil {
			return "", err
		}
	}
	return uid + ":" + gid, nil
}

// lookupID returns field 2 (the id) and field gidField (the user's group;
// unused for groups) of the entry called name in file, or name itself if it
// is a number.
func lookupID(rfs, file, name string, gidField int) (string, string, error) {
	if _, err := strconv.ParseUint(name, 10, 32); err == nil {
		return name, "0", nil
	}
	root, err := os.OpenRoot(rfs)
	if err != nil {
		return "", "", err
	}
	defer root.Close()
	f, err := root.Open(file)
	if err != nil {
		return "", "", fmt.Errorf("read /%s: %w", file, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), ":")
		if len(fs) > gidField && fs[0] == name {
			return fs[2], fs[gidField], nil
		}
	}
	return "", "", errors.New("not found in /" + file)
}

// ImageExists reports whether the image store at dir holds an image called
// name; a store that cannot be read holds none.
func ImageExists(dir, name string) bool {
	if _, err := os.Stat(dir); err != nil {
		return false
	}
	st, err := image.Open(dir)
	if err != nil {
		return false
	}
	_, err = st.Get(name)
	return err == nil
}
