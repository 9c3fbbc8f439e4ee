package metrics

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestAnswer(t *testing.T) {
	fams := []Family{{Name: "x", Help: "X.", Type: Gauge, Samples: []Sample{{Value: 1}}}}
	cases := []struct {
		req   string
		code  int
		body  string
		ctype string
	}{
		{"GET /metrics HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n", 200, "# HELP x X.\n# TYPE x gauge\nx 1\n", ContentType},
		{"GET /metrics?x=1 HTTP/1.0\n\n", 200, "# HELP x X.\n# TYPE x gauge\nx 1\n", ContentType},
		{"HEAD /metrics HTTP/1.1\r\n\r\n", 200, "", ContentType},
		{"POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405, "only GET and HEAD\n", "text/plain"},
		{"GET / HTTP/1.1\r\n\r\n", 404, "metrics are at /metrics\n", "text/plain"},
		{"hello\r\n\r\n", 400, "bad request line \"hello\"\n", "text/plain"},
		{"GET /metrics HTTP/1.1\r\nHost: a\r\n", 400, "incomplete request header\n", "text/plain"},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, c := range cases {
		go func() {
			if server, err := ln.Accept(); err == nil {
				answer(server, func() ([]Family, error) { return fams, nil })
			}
		}()
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		client := conn.(*net.TCPConn)
		_, _ = io.WriteString(client, c.req)
		_ = client.CloseWrite()
		method, _, _ := strings.Cut(c.req, " ")
		resp, err := http.ReadResponse(bufio.NewReader(client), &http.Request{Method: method})
		if err != nil {
			t.Fatalf("%q: %v", c.req, err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != c.code || string(body) != c.body || resp.Header.Get("Content-Type") != c.ctype {
			t.Errorf("%q: %d %q %q, want %d %q %q", c.req, resp.StatusCode, resp.Header.Get("Content-Type"), body, c.code, c.ctype, c.body)
		}
		client.Close()
	}
}
