package image

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// layerBlob is a layer tar (maybe compressed) inside an import source.
type layerBlob struct {
	path   string // relative to the source root
	digest digest // of the blob as stored; empty when unknown (docker)
}

// unpackLayer makes sure the layer is unpacked in the store and returns its
// diff ID and size. A known diff ID already in the store is reused without
// reading the blob; otherwise the blob is unpacked into a temporary
// directory, verified against diffID (when given) and renamed into place.
func (s *Store) unpackLayer(src *os.Root, b layerBlob, diffID digest) (digest, int64, error) {
	if diffID != "" {
		if err := diffID.validate(); err != nil {
			return "", 0, fmt.Errorf("diff id: %w", err)
		}
		if size, ok := s.layerSize(diffID); ok {
			return diffID, size, nil
		}
	}
	tmp, err := os.MkdirTemp(filepath.Join(s.root, "tmp"), "layer-")
	if err != nil {
		return "", 0, fmt.Errorf("unpack layer: %w", err)
	}
	defer os.RemoveAll(tmp)
	got, size, err := unpackBlob(src, b, diffID.algorithm(), filepath.Join(tmp, "fs"))
	if err != nil {
		return "", 0, fmt.Errorf("unpack layer %s: %w", b.path, err)
	}
	if diffID != "" && got != diffID {
		return "", 0, fmt.Errorf("layer %s: diff id %s, config says %s: %w", b.path, got, diffID, ErrDigest)
	}
	if _, ok := s.layerSize(got); ok {
		return got, size, nil
	}
	if err := os.WriteFile(filepath.Join(tmp, "size"), []byte(strconv.FormatInt(size, 10)), 0o600); err != nil {
		return "", 0, fmt.Errorf("unpack layer: %w", err)
	}
	if err := os.Rename(tmp, s.layerDir(string(got))); err != nil {
		return "", 0, fmt.Errorf("store layer %s: %w", got, err)
	}
	return got, size, nil
}

// unpackBlob verifies the blob's digest (when known), then extracts it into
// dir, returning the digest of the uncompressed tar in algorithm alg
// (sha256 when empty).
func unpackBlob(src *os.Root, b layerBlob, alg, dir string) (digest, int64, error) {
	if b.digest != "" {
		if err := verifyFile(src, b.path, b.digest); err != nil {
			return "", 0, err
		}
	}
	if alg == "" {
		alg = canonicalAlgorithm
	}
	dg, err := newDigester(alg)
	if err != nil {
		return "", 0, err
	}
	f, err := src.Open(b.path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	plain, err := decompress(f)
	if err != nil {
		return "", 0, err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", 0, err
	}
	tee := io.TeeReader(plain, dg)
	size, err := extract(tee, dir)
	if err != nil {
		return "", 0, err
	}
	if _, err := io.Copy(io.Discard, tee); err != nil {
		return "", 0, fmt.Errorf("read layer: %w", err)
	}
	return dg.sum(), size, nil
}

// layerSize reports whether the layer is in the store, and its size.
func (s *Store) layerSize(diffID digest) (int64, bool) {
	b, err := os.ReadFile(filepath.Join(s.layerDir(string(diffID)), "size"))
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n, err == nil
}

// cleanTmp removes what interrupted imports left. The caller holds the
// exclusive lock.
func (s *Store) cleanTmp() error {
	ents, err := os.ReadDir(filepath.Join(s.root, "tmp"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("clean image store: %w", err)
	}
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(s.root, "tmp", e.Name())); err != nil {
			return fmt.Errorf("clean image store: %w", err)
		}
	}
	return nil
}
