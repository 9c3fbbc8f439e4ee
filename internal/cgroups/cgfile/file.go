package cgfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write writes value to the interface file name in dir, in one write(2)
// as the kernel expects. The error names the file and the value.
func Write(dir, name, value string) error {
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.WriteString(value)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %q to %s: %w", value, path, err)
	}
	return nil
}

// Read returns the content of the interface file name in dir with the
// trailing newline removed.
func Read(dir, name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return "", fmt.Errorf("read cgroup file: %w", err)
	}
	return strings.TrimRight(string(b), "\n"), nil
}

// Exists reports whether the interface file name exists in dir.
func Exists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

// IsNotExist reports whether err says a file or directory is missing.
func IsNotExist(err error) bool {
	return errors.Is(err, os.ErrNotExist)
}
