// Command vminit is the init (PID 1) of the pure cgroup v2 test VM that
// tests/e2e/v2vm/run.sh boots. It moves the initramfs into a tmpfs root
// (containers cannot pivot_root away from the initramfs), mounts proc, sys,
// cgroup2, devtmpfs, devpts and tmpfs, brings up loopback, loads the kernel
// modules listed in /vm/modules.list, runs each command line of /vm/plan with the
// environment of /vm/env from the cgroup tests.scope (as on a host, not from
// the root cgroup), prints one "CELL-VM-STEP" line per command, checks
// that no cgroup was left behind (one more step), prints a final
// "CELL-VM-RESULT: PASS" or "CELL-VM-RESULT: FAIL" line on the console, and
// powers the machine off.
//
// It is only meant to run as PID 1 in that VM: it mounts over / and powers
// off the machine it runs on.
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// stage2Arg is the argument vminit re-executes itself with once it runs
// from the tmpfs root.
const stage2Arg = "stage2"

func main() {
	if os.Getpid() != 1 {
		fmt.Fprintln(os.Stderr, "vminit: must run as PID 1 of the test VM")
		os.Exit(2)
	}
	if len(os.Args) < 2 || os.Args[1] != stage2Arg {
		if err := switchRoot("/newroot"); err != nil {
			fatal(err)
		}
		if err := unix.Exec("/init", []string{"/init", stage2Arg}, os.Environ()); err != nil {
			fatal(fmt.Errorf("re-exec init: %w", err))
		}
	}
	if err := setup(); err != nil {
		fatal(err)
	}
	fmt.Printf("\nCELL-VM-BOOTED: %s s after the kernel started\n", uptime())
	if err := enterScope(); err != nil {
		fatal(err)
	}
	failed, total := runPlan("/vm/plan", "/vm/env")
	if err := leaveScope(); err != nil {
		fatal(err)
	}
	total++
	if !checkCgroupsGone("/sys/fs/cgroup") {
		failed++
	}
	if failed == 0 {
		fmt.Printf("CELL-VM-RESULT: PASS (%d steps)\n", total)
	} else {
		fmt.Printf("CELL-VM-RESULT: FAIL (%d of %d steps failed)\n", failed, total)
	}
	powerOff()
}

// setup mounts the filesystems, brings up loopback and loads modules.
func setup() error {
	if err := mountAll(); err != nil {
		return err
	}
	if err := loopbackUp(); err != nil {
		return err
	}
	return loadModules("/vm/modules.list")
}

// uptime returns the seconds since boot from /proc/uptime, or "?".
func uptime() string {
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// fatal reports err as a failed run and powers off.
func fatal(err error) {
	fmt.Printf("vminit: %v\nCELL-VM-RESULT: FAIL (init: %v)\n", err, err)
	powerOff()
}

// powerOff flushes the filesystems and powers the machine off; a kernel
// panic (init exiting) is the fallback, which qemu -no-reboot also ends.
func powerOff() {
	unix.Sync()
	if err := unix.Reboot(unix.LINUX_REBOOT_CMD_POWER_OFF); err != nil {
		fmt.Printf("vminit: power off: %v\n", err)
	}
	os.Exit(1)
}
