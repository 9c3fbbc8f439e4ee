package container

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// Neither way of sealing the binary may let anyone write to it, even
// reopened through /proc as root, and both must hold the binary we run.
func TestSealedSelfIsReadOnly(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount an overlay")
	}
	want, err := os.ReadFile("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func() (*os.File, error){"overlay": overlaySelf, "memfd": memfdSelf} {
		t.Run(name, func(t *testing.T) {
			f, err := open()
			if name == "overlay" && errors.Is(err, unix.EINVAL) {
				// Overlay's "lowerdir+" needs Linux 6.8; sealedSelf falls back to memfd.
				t.Skipf("this kernel refuses the overlay: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			proc := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
			if w, err := os.OpenFile(proc, os.O_WRONLY, 0); err == nil {
				_, err = w.Write([]byte("x"))
				w.Close()
				if err == nil {
					t.Fatal("wrote to the sealed binary")
				}
			}
			got, err := os.ReadFile(proc)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("sealed binary differs from the running one (%v)", err)
			}
		})
	}
}
