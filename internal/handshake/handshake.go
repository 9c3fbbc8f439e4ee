// Package handshake is the protocol between cell (the parent) and the
// container's init process over a SOCK_SEQPACKET socketpair: typed JSON
// messages, one per packet, and file descriptors passed with SCM_RIGHTS.
//
// create:
//
//	parent (cell create)                         init (cell init, in new namespaces)
//	  make the v2 cgroup
//	  start init, cloned into it ─────────────────► starts Go; makes a net ns on a thread
//	  make the v1 cgroups, set limits
//	  Config + exec.fifo + v1 tasks fds ──────────► enter v1 cgroups (main thread), cgroup
//	                                                 ns, time ns, hostname, join net ns,
//	                                                 mounts
//	                         ◄──────────────────── Mounted
//	  prestart + createRuntime hooks
//	  HooksDone ──────────────────────────────────► createContainer hooks, pivot_root,
//	                                                 console, masked paths, rlimits
//	                         ◄──────────────────── Console + pty master fd (if terminal)
//	                         ◄──────────────────── Ready
//	  write state "created", exit                    block on exec.fifo until `cell start`
//
// exec (init joins the container's namespaces in the nsenter constructor,
// and is cloned into its v2 cgroup):
//
//	parent (cell exec)                           init (cell init, joined)
//	  Config + v1 tasks fds ──────────────────────► enter v1 cgroups, console, credentials
//	                         ◄──────────────────── Console + fd (if terminal)
//	                         ◄──────────────────── Ready, then execve
//
// Any step may instead answer Error, which ends the handshake.
package handshake

import (
	"errors"
	"fmt"
	"os"

	json "github.com/go-json-experiment/json/v1"
	"golang.org/x/sys/unix"
)

// Kind names a message.
type Kind string

const (
	KindConfig    Kind = "config"
	KindMounted   Kind = "mounted"
	KindHooksDone Kind = "hooks-done"
	KindConsole   Kind = "console"
	KindReady     Kind = "ready"
	KindError     Kind = "error"
)

// maxMsg bounds one message; configs are far smaller.
const maxMsg = 4 << 20

// maxFDs bounds the fds of one message: a Config carries the exec fifo and
// a tasks file per cgroup v1 hierarchy.
const maxFDs = 32

// Message is one packet. Payload depends on Kind: Config for KindConfig,
// the error text for KindError, nothing for the rest.
type Message struct {
	Kind    Kind            `json:"kind"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Conn is one end of the socketpair.
type Conn struct{ f *os.File }

// Pair makes a connected pair: the parent's end and the child's end.
func Pair() (parent, child *Conn, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("socketpair: %w", err)
	}
	return &Conn{os.NewFile(uintptr(fds[0]), "handshake-parent")},
		&Conn{os.NewFile(uintptr(fds[1]), "handshake-child")}, nil
}

// FromFD wraps an inherited descriptor.
func FromFD(fd int) *Conn { return &Conn{os.NewFile(uintptr(fd), "handshake")} }

// File is the underlying socket, to pass to a child.
func (c *Conn) File() *os.File { return c.f }

// Close closes the socket.
func (c *Conn) Close() error { return c.f.Close() }

// Send sends a message with an optional payload and optional fds.
func (c *Conn) Send(kind Kind, payload any, fds ...int) error {
	m := Message{Kind: kind}
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return fmt.Errorf("encode %s: %w", kind, err)
		}
		m.Payload = b
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode %s: %w", kind, err)
	}
	var oob []byte
	if len(fds) > 0 {
		oob = unix.UnixRights(fds...)
	}
	if err := unix.Sendmsg(int(c.f.Fd()), b, oob, nil, 0); err != nil {
		return fmt.Errorf("send %s: %w", kind, err)
	}
	return nil
}

// SendError reports err to the other side.
func (c *Conn) SendError(err error) error { return c.Send(KindError, err.Error()) }

// Recv reads one message and any fds sent with it. An Error message is
// returned as an error. io.EOF-like closure is ErrClosed.
func (c *Conn) Recv() (*Message, []int, error) {
	// Peek at the packet's length first, so that a small message costs a
	// small buffer; configs are the only large ones.
	size, _, err := unix.Recvfrom(int(c.f.Fd()), nil, unix.MSG_PEEK|unix.MSG_TRUNC)
	if err != nil {
		return nil, nil, fmt.Errorf("receive: %w", err)
	}
	if size > maxMsg {
		return nil, nil, fmt.Errorf("receive: message of %d bytes is over %d", size, maxMsg)
	}
	buf := make([]byte, size)
	oob := make([]byte, unix.CmsgSpace(maxFDs*4))
	n, oobn, flags, _, err := unix.Recvmsg(int(c.f.Fd()), buf, oob, unix.MSG_CMSG_CLOEXEC)
	if err != nil {
		return nil, nil, fmt.Errorf("receive: %w", err)
	}
	if flags&unix.MSG_CTRUNC != 0 {
		return nil, nil, fmt.Errorf("receive: message carried over %d fds", maxFDs)
	}
	if n == 0 {
		return nil, nil, ErrClosed
	}
	fds, err := parseRights(oob[:oobn])
	if err != nil {
		return nil, nil, err
	}
	var m Message
	if err := json.Unmarshal(buf[:n], &m); err != nil {
		return nil, nil, fmt.Errorf("decode message: %w", err)
	}
	if m.Kind == KindError {
		var text string
		_ = json.Unmarshal(m.Payload, &text)
		return nil, nil, &RemoteError{text}
	}
	return &m, fds, nil
}

// Expect receives one message and checks its kind.
func (c *Conn) Expect(kind Kind) (*Message, []int, error) {
	m, fds, err := c.Recv()
	if err != nil {
		return nil, nil, err
	}
	if m.Kind != kind {
		return nil, nil, fmt.Errorf("handshake: got %q, want %q", m.Kind, kind)
	}
	return m, fds, nil
}

func parseRights(oob []byte) ([]int, error) {
	if len(oob) == 0 {
		return nil, nil
	}
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return nil, fmt.Errorf("parse control message: %w", err)
	}
	var fds []int
	for _, m := range msgs {
		r, err := unix.ParseUnixRights(&m)
		if err != nil {
			return nil, fmt.Errorf("parse rights: %w", err)
		}
		fds = append(fds, r...)
	}
	return fds, nil
}

// ErrClosed means the other side closed the socket (usually: it died).
var ErrClosed = errors.New("the other side closed the handshake")

// RemoteError is an error reported by the other side.
type RemoteError struct{ Text string }

func (e *RemoteError) Error() string { return e.Text }
