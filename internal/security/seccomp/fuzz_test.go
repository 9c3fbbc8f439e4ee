package seccomp

import (
	"encoding/json"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// FuzzCompile feeds arbitrary linux.seccomp JSON to the compiler: it must
// never panic, and every program it returns must pass the kernel's checks.
// Seeds are in testdata/fuzz/FuzzCompile.
//
//cell:fuzzexecs 400000
func FuzzCompile(f *testing.F) {
	f.Add([]byte(`{"defaultAction":"SCMP_ACT_ALLOW"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s specs.LinuxSeccomp
		if json.Unmarshal(data, &s) != nil {
			return
		}
		r, err := CompileReport(&s)
		if err != nil {
			return
		}
		if err := checkFilter(r.Filter); err != nil {
			t.Fatalf("invalid program: %v", err)
		}
		newVM(t, r.Filter)
	})
}
