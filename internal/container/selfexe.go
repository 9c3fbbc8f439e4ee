package container

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/atomicfile"
	"github.com/cell-runtime/cell/internal/initbin"
)

// keptInitDir holds root's copy of the embedded init, one per build of
// cell. /run is cleared at boot; the copy is written again on first use.
const keptInitDir = "/run/cell/.init"

// initBinary returns the binary to start `cell init` from (create, exec),
// opened so that nobody can write through it: the init runs from that
// file, so a process inside the container that reaches /proc/PID/exe of
// the init (or of an exec) can only reach a file nobody can write
// (CVE-2019-5736), never a binary of the host.
//
// With the slim init embedded (package initbin), that is, for root, a copy
// of it kept in keptInitDir and opened through a read-only overlay, and
// otherwise (or where that fails) a sealed memfd copy of it. Without it,
// cell itself, the same two ways (sealedSelf).
func initBinary() (*os.File, error) {
	if len(initbin.Binary) == 0 {
		return sealedSelf()
	}
	if !unprivileged() {
		if name, err := keptInit(keptInitDir); err == nil {
			if f, err := overlayOpen(keptInitDir, name, int64(len(initbin.Binary))); err == nil {
				return f, nil
			}
		}
	}
	return sealedCopy(bytes.NewReader(initbin.Binary), int64(len(initbin.Binary)))
}

// keptInit makes sure dir holds the embedded init as cell-init-SUM
// (initbin.Sum), ours and writable by nobody, writing it if not, and
// returns that name. Copies of other builds are removed when it writes.
// Only root may write dir, as /run/cell itself. Everyone may read and
// execute the copy: an init in a user namespace that does not map root
// must still execute it.
func keptInit(dir string) (name string, err error) {
	name = "cell-init-" + strings.TrimSpace(initbin.Sum)
	var st unix.Stat_t
	if err := unix.Lstat(filepath.Join(dir, name), &st); err == nil &&
		st.Mode&unix.S_IFMT == unix.S_IFREG && st.Mode&0o7777 == 0o555 &&
		st.Uid == uint32(os.Geteuid()) && st.Size == int64(len(initbin.Binary)) {
		return name, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := atomicfile.Write(filepath.Join(dir, name), initbin.Binary, 0o555); err != nil {
		return "", err
	}
	if old, err := os.ReadDir(dir); err == nil {
		for _, e := range old {
			// Not another create's temporary file (see atomicfile).
			if e.Name() != name && !strings.HasPrefix(e.Name(), ".") {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	return name, nil
}

// sealedSelf returns the running cell binary, opened through a read-only
// overlay (a few syscalls) or, where the kernel or our privileges refuse
// the overlay, as a sealed memfd copy (copying megabytes on every create).
func sealedSelf() (*os.File, error) {
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return nil, fmt.Errorf("own binary: %w", err)
	}
	var st unix.Stat_t
	if err := unix.Stat("/proc/self/exe", &st); err != nil {
		return nil, fmt.Errorf("stat own binary: %w", err)
	}
	if f, err := overlayOpen(filepath.Dir(exe), filepath.Base(exe), st.Size); err == nil {
		if err := sameFile(f, &st); err == nil {
			return f, nil
		}
		f.Close()
	}
	src, err := os.Open("/proc/self/exe")
	if err != nil {
		return nil, fmt.Errorf("open own binary: %w", err)
	}
	defer src.Close()
	return sealedCopy(src, st.Size)
}

// sealedCopy copies size bytes of src into a memfd sealed against every
// change.
func sealedCopy(src io.Reader, size int64) (*os.File, error) {
	fd, err := unix.MemfdCreate("cell", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, fmt.Errorf("memfd_create: %w", err)
	}
	mem := os.NewFile(uintptr(fd), "cell-memfd")
	// io.Copy into an *os.File uses sendfile or copy_file_range from a file.
	if n, err := io.Copy(mem, io.LimitReader(src, size)); err != nil || n != size {
		mem.Close()
		return nil, fmt.Errorf("copy binary: copied %d of %d bytes: %v", n, size, err)
	}
	seals := unix.F_SEAL_SEAL | unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, seals); err != nil {
		mem.Close()
		return nil, fmt.Errorf("seal binary: %w", err)
	}
	return mem, nil
}
