package security

import (
	"fmt"
	"os"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// LSMHost says which Linux security modules the host runs. The zero value
// is a host with neither.
type LSMHost struct {
	AppArmor, SELinux bool
}

// DetectLSM looks at the kernel's own switches: AppArmor's module
// parameter and the mounted selinuxfs.
func DetectLSM() LSMHost {
	aa, _ := os.ReadFile("/sys/module/apparmor/parameters/enabled")
	_, err := os.Stat("/sys/fs/selinux/enforce")
	return LSMHost{AppArmor: strings.TrimSpace(string(aa)) == "Y", SELinux: err == nil}
}

// CheckLSM refuses a process that names an AppArmor profile or an SELinux
// label the host cannot apply: silently running it unconfined would be a
// weaker container than the one asked for.
func (h LSMHost) CheckLSM(p *specs.Process) error {
	if p == nil {
		return nil
	}
	if p.ApparmorProfile != "" && !h.AppArmor {
		return fmt.Errorf("process.apparmorProfile %q: AppArmor %w", p.ApparmorProfile, ErrNoLSM)
	}
	if p.SelinuxLabel != "" && !h.SELinux {
		return fmt.Errorf("process.selinuxLabel %q: SELinux %w", p.SelinuxLabel, ErrNoLSM)
	}
	return nil
}

// ApplyLSM arranges for the next execve of the calling thread to enter p's
// AppArmor profile and SELinux label, by writing the thread's attr/exec
// files. Nothing is written for what p leaves empty.
func ApplyLSM(p *specs.Process) error {
	if p.ApparmorProfile != "" {
		if err := writeAttr("apparmor/exec", "exec "+p.ApparmorProfile); err != nil {
			return fmt.Errorf("process.apparmorProfile %q: %w", p.ApparmorProfile, err)
		}
	}
	if p.SelinuxLabel != "" {
		if err := writeAttr("exec", p.SelinuxLabel); err != nil {
			return fmt.Errorf("process.selinuxLabel %q: %w", p.SelinuxLabel, err)
		}
	}
	return nil
}

// writeAttr writes one /proc/thread-self/attr file after checking that
// what it opened is on procfs: a volume over /proc could otherwise take
// the write and leave the process unconfined (CVE-2019-16884).
func writeAttr(name, value string) error {
	f, err := os.OpenFile("/proc/thread-self/attr/"+name, os.O_WRONLY|unix.O_NOFOLLOW, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	var st unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &st); err != nil {
		return err
	}
	if st.Type != unix.PROC_SUPER_MAGIC {
		return fmt.Errorf("%s is not on procfs", f.Name())
	}
	_, err = f.WriteString(value)
	return err
}
