package main

import (
	"io"
	"strconv"

	"golang.org/x/sys/unix"
)

func init() {
	register("hugemap", "MiB", hugemap)
}

// hugemap maps MiB of anonymous memory in huge pages of the default size
// (mmap MAP_HUGETLB) and writes to every MiB of it, then prints "ok", or
// the errno name when the mapping is refused ("ENOMEM": no huge pages
// free, or the hugetlb cgroup's reservation limit). A page the hugetlb
// limit refuses at fault time kills the process with SIGBUS.
func hugemap(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 1, "MiB"); err != nil {
		return err
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n <= 0 {
		return usageError{"MiB"}
	}
	mem, err := unix.Mmap(-1, 0, n*mib, unix.PROT_READ|unix.PROT_WRITE,
		unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_HUGETLB)
	if err != nil {
		return reportErrno(out, err)
	}
	for off := 0; off < len(mem); off += mib {
		mem[off] = 1
	}
	return reportErrno(out, unix.Munmap(mem))
}
