package main

import (
	"fmt"
	"io"
	"strconv"

	"golang.org/x/sys/unix"
)

func init() {
	register("rlimits", "", rlimits)
}

// rlimitNames lists every resource in the kernel's numbering order, named
// as the OCI spec names them.
var rlimitNames = []struct {
	name string
	res  int
}{
	{"RLIMIT_CPU", unix.RLIMIT_CPU}, {"RLIMIT_FSIZE", unix.RLIMIT_FSIZE},
	{"RLIMIT_DATA", unix.RLIMIT_DATA}, {"RLIMIT_STACK", unix.RLIMIT_STACK},
	{"RLIMIT_CORE", unix.RLIMIT_CORE}, {"RLIMIT_RSS", unix.RLIMIT_RSS},
	{"RLIMIT_NPROC", unix.RLIMIT_NPROC}, {"RLIMIT_NOFILE", unix.RLIMIT_NOFILE},
	{"RLIMIT_MEMLOCK", unix.RLIMIT_MEMLOCK}, {"RLIMIT_AS", unix.RLIMIT_AS},
	{"RLIMIT_LOCKS", unix.RLIMIT_LOCKS}, {"RLIMIT_SIGPENDING", unix.RLIMIT_SIGPENDING},
	{"RLIMIT_MSGQUEUE", unix.RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", unix.RLIMIT_NICE},
	{"RLIMIT_RTPRIO", unix.RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", unix.RLIMIT_RTTIME},
}

// limitString renders a limit, "unlimited" for RLIM_INFINITY.
func limitString(v uint64) string {
	if v == unix.RLIM_INFINITY {
		return "unlimited"
	}
	return strconv.FormatUint(v, 10)
}

// rlimits prints "NAME SOFT HARD" for every resource, read with prlimit(2).
// Caveat: the Go runtime raises its own RLIMIT_NOFILE soft limit to the hard
// limit at start-up, so the NOFILE soft value printed here equals the hard
// one; check the soft limit the container was given with busybox
// ("sh -c 'ulimit -Sn'") instead.
func rlimits(out io.Writer, _ []string) error {
	for _, r := range rlimitNames {
		var lim unix.Rlimit
		if err := unix.Prlimit(0, r.res, nil, &lim); err != nil {
			return fmt.Errorf("prlimit %s: %w", r.name, err)
		}
		fmt.Fprintf(out, "%s %s %s\n", r.name, limitString(lim.Cur), limitString(lim.Max))
	}
	return nil
}
