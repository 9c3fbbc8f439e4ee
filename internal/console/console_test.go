package console

import (
	"bytes"
	"io"
	"testing"

	"golang.org/x/sys/unix"
)

// TestOpenPtySlaveIsReadWrite checks that what a process writes to the
// slave comes out of the master, and what is written to the master can be
// read from the slave.
func TestOpenPtySlaveIsReadWrite(t *testing.T) {
	master, slave, err := OpenPty()
	if err != nil {
		t.Skipf("no pty here: %v", err)
	}
	defer master.Close()
	defer slave.Close()
	flags, err := unix.FcntlInt(slave.Fd(), unix.F_GETFL, 0)
	if err != nil || flags&unix.O_ACCMODE != unix.O_RDWR {
		t.Fatalf("slave access mode %#x, %v; want O_RDWR", flags&unix.O_ACCMODE, err)
	}
	if _, err := slave.Write([]byte("out\n")); err != nil {
		t.Fatalf("write to slave: %v", err)
	}
	buf := make([]byte, 16)
	n, err := master.Read(buf)
	if err != nil || !bytes.Contains(buf[:n], []byte("out")) {
		t.Fatalf("read master: %q, %v", buf[:n], err)
	}
	if _, err := io.WriteString(master, "in\n"); err != nil {
		t.Fatalf("write to master: %v", err)
	}
	n, err = slave.Read(buf)
	if err != nil || string(buf[:n]) != "in\n" {
		t.Fatalf("read slave: %q, %v", buf[:n], err)
	}
}
