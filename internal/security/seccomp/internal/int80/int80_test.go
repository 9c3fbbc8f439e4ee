package int80

import (
	"os"
	"testing"
)

func TestGetpid(t *testing.T) {
	const sysGetpid386 = 20
	if got := Syscall(sysGetpid386, 0, 0, 0); int(got) != os.Getpid() {
		t.Skipf("int $0x80 getpid = %d, want %d (no IA32 emulation?)", got, os.Getpid())
	}
}
