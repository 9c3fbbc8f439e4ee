package security

import (
	"errors"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestCheckLSM(t *testing.T) {
	aa := &specs.Process{ApparmorProfile: "cell-default"}
	se := &specs.Process{SelinuxLabel: "system_u:system_r:container_t:s0"}
	for _, tc := range []struct {
		name string
		host LSMHost
		p    *specs.Process
		want string // "" = accepted
	}{
		{"nothing asked", LSMHost{}, &specs.Process{}, ""},
		{"apparmor missing", LSMHost{SELinux: true}, aa, "process.apparmorProfile"},
		{"apparmor present", LSMHost{AppArmor: true}, aa, ""},
		{"selinux missing", LSMHost{AppArmor: true}, se, "process.selinuxLabel"},
		{"selinux present", LSMHost{SELinux: true}, se, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.host.CheckLSM(tc.p)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrNoLSM) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrNoLSM naming %s", err, tc.want)
			}
		})
	}
}
