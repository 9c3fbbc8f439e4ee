package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

func init() {
	register("listen", "PORT [COUNT]", listen)
	register("connect", "HOST:PORT [MESSAGE]", connect)
	register("udp-listen", "PORT [COUNT]", udpListen)
	register("udp", "HOST:PORT [MESSAGE]", udpSend)
}

// netTimeout bounds every client exchange so a broken network fails a
// test instead of hanging it.
const netTimeout = 5 * time.Second

// countArg parses an optional COUNT; 0 (the default) means for ever.
func countArg(args []string) (int, error) {
	if len(args) < 2 {
		return 0, nil
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad count %q", args[1])
	}
	return n, nil
}

// listen is a TCP echo server on every address at PORT. It prints
// "listening ADDR", then echoes each connection line by line, serving
// COUNT connections one after another (0: for ever).
func listen(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "PORT [COUNT]"); err != nil {
		return err
	}
	count, err := countArg(args)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", ":"+args[0])
	if err != nil {
		return err
	}
	defer l.Close()
	fmt.Fprintf(out, "listening %s\n", l.Addr())
	for served := 0; count == 0 || served < count; served++ {
		conn, err := l.Accept()
		if err != nil {
			return fmt.Errorf("accept: %w", err)
		}
		io.Copy(conn, conn)
		conn.Close()
	}
	return nil
}

// connect sends MESSAGE (default "ping") and a newline to a TCP echo
// server and prints the line that comes back.
func connect(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "HOST:PORT [MESSAGE]"); err != nil {
		return err
	}
	conn, err := net.DialTimeout("tcp", args[0], netTimeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(netTimeout))
	if _, err := fmt.Fprintln(conn, message(args)); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return fmt.Errorf("receive: %w", err)
	}
	_, err = fmt.Fprint(out, line)
	return err
}

func message(args []string) string {
	if len(args) < 2 {
		return "ping"
	}
	return args[1]
}

// udpListen echoes datagrams on every address at PORT after printing
// "listening ADDR": COUNT datagrams, or for ever when 0.
func udpListen(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "PORT [COUNT]"); err != nil {
		return err
	}
	count, err := countArg(args)
	if err != nil {
		return err
	}
	conn, err := net.ListenPacket("udp", ":"+args[0])
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Fprintf(out, "listening %s\n", conn.LocalAddr())
	buf := make([]byte, 64<<10)
	for served := 0; count == 0 || served < count; served++ {
		n, from, err := conn.ReadFrom(buf)
		if err != nil {
			return fmt.Errorf("receive: %w", err)
		}
		conn.WriteTo(buf[:n], from)
	}
	return nil
}

// udpSend sends MESSAGE (default "ping") in one datagram and prints the
// reply.
func udpSend(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "HOST:PORT [MESSAGE]"); err != nil {
		return err
	}
	conn, err := net.DialTimeout("udp", args[0], netTimeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(netTimeout))
	if _, err := io.WriteString(conn, message(args)); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	buf := make([]byte, 64<<10)
	n, err := conn.Read(buf)
	if err != nil {
		return fmt.Errorf("receive: %w", err)
	}
	_, err = fmt.Fprintln(out, strings.TrimRight(string(buf[:n]), "\n"))
	return err
}
