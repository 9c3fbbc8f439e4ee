package metrics

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/cell-runtime/cell/internal/usage"
)

// Path is where the metrics are served.
const Path = "/metrics"

// Limits on a request: whole request head, and time to read it and answer.
const (
	maxHead     = 16 << 10
	connTimeout = 10 * time.Second
)

// Serve answers scrapes of the containers of the state root on ln until
// ctx ends, then closes ln.
func Serve(ctx context.Context, ln net.Listener, root string) error {
	hostMem, err := usage.HostMemory()
	if err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("serve metrics: %w", err)
		}
		go answer(conn, func() ([]Family, error) { return Scrape(root, hostMem) })
	}
}

// answer reads one request from conn and writes the response.
func answer(conn net.Conn, scrape func() ([]Family, error)) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(connTimeout))
	method, path, err := readHead(bufio.NewReader(io.LimitReader(conn, maxHead)))
	switch {
	case err != nil:
		respond(conn, 400, "text/plain", []byte(err.Error()+"\n"), true)
	case path != Path:
		respond(conn, 404, "text/plain", []byte("metrics are at "+Path+"\n"), true)
	case method != "GET" && method != "HEAD":
		respond(conn, 405, "text/plain", []byte("only GET and HEAD\n"), true)
	default:
		var body bytes.Buffer
		fams, err := scrape()
		if err == nil {
			err = Write(&body, fams)
		}
		if err != nil {
			respond(conn, 500, "text/plain", []byte(err.Error()+"\n"), true)
			return
		}
		respond(conn, 200, ContentType, body.Bytes(), method == "GET")
	}
}

// readHead reads the request line and skips the header fields.
func readHead(r *bufio.Reader) (method, path string, err error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return "", "", errors.New("incomplete request")
	}
	f := strings.Fields(line)
	if len(f) != 3 || !strings.HasPrefix(f[2], "HTTP/1.") {
		return "", "", fmt.Errorf("bad request line %q", strings.TrimSpace(line))
	}
	for {
		h, err := r.ReadString('\n')
		if err != nil {
			return "", "", errors.New("incomplete request header")
		}
		if strings.TrimRight(h, "\r\n") == "" {
			break
		}
	}
	path, _, _ = strings.Cut(f[1], "?")
	return f[0], path, nil
}

var statusText = map[int]string{200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"}

func respond(w io.Writer, code int, ctype string, body []byte, withBody bool) {
	head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n",
		code, statusText[code], ctype, len(body))
	if code == 405 {
		head += "Allow: GET, HEAD\r\n"
	}
	_, _ = io.WriteString(w, head+"\r\n")
	if withBody {
		_, _ = w.Write(body)
	}
}
