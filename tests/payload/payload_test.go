package main

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestParseSeconds(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"0", 0, false},
		{"1.5", 1500 * time.Millisecond, false},
		{"inf", -1, false},
		{"infinity", -1, false},
		{"-1", 0, true},
		{"abc", 0, true},
		{"NaN", 0, true},
	}
	for _, tt := range tests {
		got, err := parseSeconds(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseSeconds(%q) = %v, %v; want %v, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestFormatID(t *testing.T) {
	tests := []struct {
		uid, gid int
		groups   []int
		want     string
	}{
		{0, 0, []int{0, 1}, "uid=0 gid=0 groups=0,1"},
		{1000, 1000, nil, "uid=1000 gid=1000 groups="},
	}
	for _, tt := range tests {
		if got := formatID(tt.uid, tt.gid, tt.groups); got != tt.want {
			t.Errorf("formatID = %q, want %q", got, tt.want)
		}
	}
}

func TestFilterStatus(t *testing.T) {
	status := "Name:\tpayload\nCapInh:\t0\nCapPrm:\tff\nSeccomp:\t2\nSeccomp_filters:\t1\n"
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"CapInh", "CapPrm"}, "CapInh:\t0\nCapPrm:\tff\n"},
		{[]string{"Seccomp"}, "Seccomp:\t2\n"},
		{[]string{"Missing"}, ""},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := filterStatus(&out, strings.NewReader(status), tt.keys); err != nil {
			t.Fatal(err)
		}
		if out.String() != tt.want {
			t.Errorf("filterStatus(%v) = %q, want %q", tt.keys, out.String(), tt.want)
		}
	}
}

func TestModeString(t *testing.T) {
	tests := []struct {
		mode uint32
		want string
	}{
		{unix.S_IFCHR | 0o666, "crw-rw-rw-"},
		{unix.S_IFDIR | 0o755, "drwxr-xr-x"},
		{unix.S_IFREG | 0o600, "-rw-------"},
		{unix.S_IFLNK | 0o777, "lrwxrwxrwx"},
	}
	for _, tt := range tests {
		if got := modeString(tt.mode); got != tt.want {
			t.Errorf("modeString(%o) = %q, want %q", tt.mode, got, tt.want)
		}
	}
}

func TestParseOpenFlags(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"", unix.O_RDONLY, false},
		{"rdwr,creat", unix.O_RDWR | unix.O_CREAT, false},
		{"O_WRONLY|O_TRUNC", unix.O_WRONLY | unix.O_TRUNC, false},
		{"bogus", 0, true},
	}
	for _, tt := range tests {
		got, err := parseOpenFlags(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want|unix.O_CLOEXEC) {
			t.Errorf("parseOpenFlags(%q) = %#x, %v", tt.in, got, err)
		}
	}
}

func TestMknodArgs(t *testing.T) {
	tests := []struct {
		args    []string
		mode    uint32
		dev     int
		wantErr bool
	}{
		{[]string{"c", "1", "3"}, unix.S_IFCHR | 0o666, int(unix.Mkdev(1, 3)), false},
		{[]string{"b", "8", "0"}, unix.S_IFBLK | 0o666, int(unix.Mkdev(8, 0)), false},
		{[]string{"p"}, unix.S_IFIFO | 0o666, 0, false},
		{[]string{"c", "1"}, 0, 0, true},
		{[]string{"x", "1", "3"}, 0, 0, true},
		{[]string{"c", "a", "3"}, 0, 0, true},
	}
	for _, tt := range tests {
		mode, dev, err := mknodArgs(tt.args)
		if (err != nil) != tt.wantErr || mode != tt.mode || dev != tt.dev {
			t.Errorf("mknodArgs(%v) = %o, %d, %v", tt.args, mode, dev, err)
		}
	}
}

func TestSortedFds(t *testing.T) {
	got := sortedFds([]string{"10", "2", ".", "0", "5", "1"}, 5)
	want := []int{0, 1, 2, 10}
	if len(got) != len(want) {
		t.Fatalf("sortedFds = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sortedFds = %v, want %v", got, want)
		}
	}
}

func TestLimitString(t *testing.T) {
	if got := limitString(unix.RLIM_INFINITY); got != "unlimited" {
		t.Errorf("limitString(inf) = %q", got)
	}
	if got := limitString(1024); got != "1024" {
		t.Errorf("limitString(1024) = %q", got)
	}
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		argv     []string
		wantName string
		wantArgs string
	}{
		{[]string{"/bin/payload", "echo", "a"}, "echo", "a"},
		{[]string{"/bin/echo", "a", "b"}, "echo", "a b"},
		{[]string{"true"}, "true", ""},
		{[]string{"/bin/payload"}, "commands", ""},
		{nil, "commands", ""},
	}
	for _, tt := range tests {
		name, args := commandLine(tt.argv)
		if name != tt.wantName || strings.Join(args, " ") != tt.wantArgs {
			t.Errorf("commandLine(%v) = %q %v", tt.argv, name, args)
		}
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		argv     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"payload", "true"}, 0, ""},
		{[]string{"payload", "false"}, 1, ""},
		{[]string{"payload", "exit", "42"}, 42, ""},
		{[]string{"payload", "exit", "300"}, 2, ""},
		{[]string{"payload", "echo", "hello", "world"}, 0, "hello world\n"},
		{[]string{"payload", "nosuch"}, 2, ""},
		{[]string{"payload", "sleep"}, 2, ""},
		{[]string{"payload", "open", "/nonexistent/x"}, 1, "ENOENT\n"},
		{[]string{"payload", "write", "/nonexistent/x", "y"}, 1, "no such file or directory\n"},
		{[]string{"payload", "syscall", "nosuch"}, 2, ""},
		{[]string{"payload", "tick", "1", "3"}, 0, "1\n2\n3\n"},
		{[]string{"payload", "tick", "0"}, 2, ""},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		code := run(&out, io.Discard, tt.argv)
		if code != tt.wantCode || out.String() != tt.wantOut {
			t.Errorf("run(%v) = %d %q, want %d %q", tt.argv, code, out.String(), tt.wantCode, tt.wantOut)
		}
	}
}

func TestErrnoName(t *testing.T) {
	if got := errnoName(unix.EPERM); got != "EPERM" {
		t.Errorf("errnoName(EPERM) = %q", got)
	}
	if got := errnoName(errors.New("plain")); got != "plain" {
		t.Errorf("errnoName(plain) = %q", got)
	}
}

func TestCommandsAllDocumented(t *testing.T) {
	for _, n := range names() {
		if commands[n].run == nil {
			t.Errorf("command %q has no function", n)
		}
	}
	for _, want := range []string{"true", "sleep", "caps", "memhog", "forkbomb", "sigwait", "syscall"} {
		if _, ok := lookup(want); !ok {
			t.Errorf("command %q missing", want)
		}
	}
}
