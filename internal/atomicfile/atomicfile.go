// Package atomicfile replaces files so that a reader sees the old content
// or the new, never part of either: state.json, the IP leases, the image
// records, the kept init binary.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path with data, with permissions perm: it writes a
// temporary file beside path and renames it over path. Nothing is left of
// the temporary file on failure.
func Write(path string, data []byte, perm os.FileMode) error {
	return write(path, data, perm, false)
}

// WriteSync is Write that also flushes the data to disk before the rename,
// for files that must survive a crash of the machine, not only of cell.
func WriteSync(path string, data []byte, perm os.FileMode) error {
	return write(path, data, perm, true)
}

// TempPrefix is how the names of Write's temporary files for path begin,
// for whoever cleans up after a writer that was killed.
func TempPrefix(path string) string { return "." + filepath.Base(path) + "-" }

func write(path string, data []byte, perm os.FileMode, sync bool) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), TempPrefix(path)+"*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil && perm != 0o600 { // CreateTemp's mode
		err = tmp.Chmod(perm)
	}
	if err == nil && sync {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
