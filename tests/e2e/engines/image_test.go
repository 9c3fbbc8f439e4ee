package engines

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// imageName is the tag of the test image in every engine; its command is
// /bin/sh.
const imageName = "localhost/cell-e2e:latest"

// pauseImage is the same root filesystem whose command sleeps: the pod
// sandbox ("pause") image of the CRI test.
const pauseImage = "localhost/cell-e2e-pause:latest"

// writeImage writes a `docker save` archive of one layer, the test root
// filesystem (payload and busybox), as two images, imageName and
// pauseImage, to path. ctr, podman and docker all load this format.
func writeImage(path string) error {
	rootfs, err := os.MkdirTemp("", "cell-e2e-rootfs-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(rootfs)
	if err := testrootfs.Populate(rootfs); err != nil {
		return err
	}
	layer, err := os.CreateTemp("", "cell-e2e-layer-")
	if err != nil {
		return err
	}
	defer os.Remove(layer.Name())
	defer layer.Close()
	h := sha256.New()
	if err := tarDir(io.MultiWriter(layer, h), rootfs); err != nil {
		return fmt.Errorf("layer: %w", err)
	}
	diffID := hex.EncodeToString(h.Sum(nil))
	files := map[string][]byte{}
	var manifest []map[string]any
	for name, cmd := range map[string][]string{imageName: {"/bin/sh"}, pauseImage: {"/bin/payload", "sleep", "100000"}} {
		cfg, err := json.Marshal(map[string]any{
			"architecture": runtime.GOARCH, "os": "linux",
			"config": map[string]any{"Env": []string{"PATH=/bin"}, "Cmd": cmd},
			"rootfs": map[string]any{"type": "layers", "diff_ids": []string{"sha256:" + diffID}},
		})
		if err != nil {
			return err
		}
		sum := sha256.Sum256(cfg)
		cfgName := hex.EncodeToString(sum[:]) + ".json"
		files[cfgName] = cfg
		manifest = append(manifest, map[string]any{
			"Config": cfgName, "RepoTags": []string{name}, "Layers": []string{diffID + "/layer.tar"},
		})
	}
	files["manifest.json"], _ = json.Marshal(manifest)
	return writeArchive(path, layer, files, diffID+"/layer.tar")
}

// writeArchive writes the outer tar: the small files, then the layer.
func writeArchive(path string, layer *os.File, files map[string][]byte, layerName string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	tw := tar.NewWriter(out)
	for name, b := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	st, err := layer.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: layerName, Mode: 0o644, Size: st.Size(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	if _, err := layer.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(tw, layer); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return out.Close()
}

// tarDir writes dir as a tar stream with paths relative to it.
func tarDir(w io.Writer, dir string) error {
	tw := tar.NewWriter(w)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if d.Type()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		hdr.Name = rel
		if d.IsDir() {
			hdr.Name += "/"
		}
		hdr.Uname, hdr.Gname = "", ""
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err != nil {
		return err
	}
	return tw.Close()
}
