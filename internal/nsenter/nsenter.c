// The one piece of cell written in C: it runs as a constructor, before the Go
// runtime starts threads, because setns(2) into a user or mount namespace
// needs a single-threaded process. It does nothing unless _CELL_NSENTER is set.
//
//   _CELL_NSENTER=type:path,type:path,...   namespaces to join (opened first, then joined)
//   _CELL_NSENTER_FORK=FD                    after joining, fork once more with CLONE_PARENT so
//                                            the child is inside joined pid/time namespaces; the
//                                            intermediate process writes the child's pid to FD
//                                            (decimal) and exits.
//   _CELL_USERNS_WAIT=FD                     (handled first) the process is in a new user
//                                            namespace whose id maps a helper (newuidmap) writes
//                                            from outside: wait for one byte on FD, then execute
//                                            cell again, since execve grants capabilities only
//                                            to an id that is mapped by then.
// Errors are written to stderr as one line and exit with status 122.
//
// Before joining anything the process makes itself non-dumpable, so that no
// process of the container can ptrace it or open its /proc/PID/exe, fds or
// memory while it holds the runtime's resources (CVE-2016-9962); execve of
// the user's program restores the flag. The Go side (initproc) keeps it off.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct ns { const char *name; int flag; };
static const struct ns kinds[] = {
	{"user", CLONE_NEWUSER}, {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS},
	{"net", CLONE_NEWNET}, {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS},
	{"cgroup", CLONE_NEWCGROUP}, {"time", CLONE_NEWTIME},
};

static void die(const char *what, const char *arg) {
	fprintf(stderr, "nsenter: %s %s: %s\n", what, arg, strerror(errno));
	_exit(122);
}

static int kind(const char *name) {
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, name) == 0) return kinds[i].flag;
	errno = EINVAL;
	die("unknown namespace type", name);
	return 0;
}

#define MAXNS 16

static void join(char *spec) {
	int fds[MAXNS], flags[MAXNS], n = 0;
	for (char *save = NULL, *tok = strtok_r(spec, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		if (!colon || n == MAXNS) { errno = EINVAL; die("bad namespace entry", tok); }
		*colon = '\0';
		flags[n] = kind(tok);
		fds[n] = open(colon + 1, O_RDONLY | O_CLOEXEC);
		if (fds[n] < 0) die("open", colon + 1);
		n++;
	}
	// Root of the host holds every capability over descendant namespaces, so
	// it joins the user namespace last; anyone else must join it first to
	// gain the capabilities the other joins need.
	int userfirst = geteuid() != 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n; i++) {
			int isuser = flags[i] == CLONE_NEWUSER;
			if (isuser != (pass == 0 ? userfirst : !userfirst)) continue;
			if (setns(fds[i], flags[i]) < 0) {
				char name[32];
				snprintf(name, sizeof(name), "%#x", flags[i]);
				die("setns", name);
			}
			close(fds[i]);
		}
	}
}

static void forkinto(const char *fdstr) {
	int fd = atoi(fdstr);
	pid_t pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0) die("clone", "CLONE_PARENT");
	if (pid == 0) {
		close(fd);
		return;
	}
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d\n", pid);
	if (write(fd, buf, len) != len) die("write pid to", fdstr);
	_exit(0);
}

// self_argv reads the process's arguments from /proc/self/cmdline: only
// glibc passes them to constructors, musl does not.
static char **self_argv(void) {
	static char buf[4096];
	static char *argv[64];
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0) die("open", "/proc/self/cmdline");
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || buf[n - 1] != '\0') { errno = E2BIG; die("read", "/proc/self/cmdline"); }
	int argc = 0;
	for (char *p = buf; p < buf + n && argc < 63; p += strlen(p) + 1) argv[argc++] = p;
	argv[argc] = NULL;
	return argv;
}

static void await_maps(const char *fdstr) {
	int fd = atoi(fdstr);
	char c;
	if (read(fd, &c, 1) != 1) die("wait for id maps on fd", fdstr);
	close(fd);
	unsetenv("_CELL_USERNS_WAIT");
	extern char **environ;
	execve("/proc/self/exe", self_argv(), environ);
	die("execute again", "/proc/self/exe");
}

__attribute__((constructor)) static void cell_nsenter(void) {
	char *wait = getenv("_CELL_USERNS_WAIT");
	if (wait) await_maps(wait);
	char *spec = getenv("_CELL_NSENTER");
	if (!spec) return;
	char *copy = strdup(spec);
	if (!copy) die("strdup", "");
	unsetenv("_CELL_NSENTER");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die("prctl", "PR_SET_DUMPABLE");
	if (*copy) join(copy);
	free(copy);
	char *forkfd = getenv("_CELL_NSENTER_FORK");
	if (forkfd) {
		char *f = strdup(forkfd);
		unsetenv("_CELL_NSENTER_FORK");
		forkinto(f);
		free(f);
	}
}
