package console

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, s, err := OpenPty()
	if err != nil {
		t.Skipf("no pty available: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

func TestSlaveIsReadWrite(t *testing.T) {
	_, s := openPty(t)
	fl, err := unix.FcntlInt(s.Fd(), unix.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fl&unix.O_ACCMODE != unix.O_RDWR {
		t.Fatalf("slave opened with flags %#x, want O_RDWR", fl)
	}
}

func TestMakeRawRestores(t *testing.T) {
	_, s := openPty(t)
	before, _ := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	restore, err := MakeRaw(s)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	if raw.Lflag&(unix.ICANON|unix.ECHO|unix.ISIG) != 0 || raw.Oflag&unix.OPOST != 0 {
		t.Errorf("raw mode still has line editing, echo, signals or output processing: %+v", raw)
	}
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	after, _ := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	if *after != *before {
		t.Errorf("mode after restore %+v, want %+v", after, before)
	}
}

func TestSizeCopies(t *testing.T) {
	m1, s1 := openPty(t)
	m2, _ := openPty(t)
	if err := SetSize(m1, Size{Rows: 33, Cols: 99}); err != nil {
		t.Fatal(err)
	}
	if err := CopySize(s1, m2); err != nil {
		t.Fatal(err)
	}
	if got, _ := GetSize(m2); got != (Size{Rows: 33, Cols: 99}) {
		t.Errorf("copied size %+v, want 33x99", got)
	}
	notTTY, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer notTTY.Close()
	if err := CopySize(notTTY, m2); err != nil {
		t.Errorf("CopySize from a non-terminal: %v, want nothing done", err)
	}
}

// Relay copies what the process wrote to its pty to out, returns wait's
// status once the process's side is closed, and restores in.
func TestRelay(t *testing.T) {
	outerM, outerS := openPty(t)
	innerM, innerS := openPty(t)
	if err := SetSize(outerM, Size{Rows: 12, Cols: 34}); err != nil {
		t.Fatal(err)
	}
	before, _ := unix.IoctlGetTermios(int(outerS.Fd()), unix.TCGETS)
	wait := func() int {
		if got, _ := GetSize(innerS); got != (Size{Rows: 12, Cols: 34}) {
			t.Errorf("inner size %+v, want the outer 12x34", got)
		}
		innerS.Write([]byte("hello"))
		innerS.Close()
		return 5
	}
	code, err := Relay(innerM, outerS, outerS, wait)
	if err != nil || code != 5 {
		t.Fatalf("Relay = %d, %v; want 5, nil", code, err)
	}
	buf := make([]byte, 64)
	n, _ := outerM.Read(buf)
	if !bytes.Contains(buf[:n], []byte("hello")) {
		t.Errorf("outer terminal got %q, want hello", buf[:n])
	}
	if after, _ := unix.IoctlGetTermios(int(outerS.Fd()), unix.TCGETS); *after != *before {
		t.Errorf("outer mode not restored")
	}
}
