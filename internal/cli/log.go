package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	json "github.com/go-json-experiment/json/v1"
)

// logger writes runc-style log lines: "time level msg" as text, or
// {"level":"error","msg":"...","time":"..."} as JSON, which containerd's shim
// reads to report why a command failed.
type logger struct {
	w      io.Writer
	json   bool
	debug  bool
	toFile bool
}

func newLogger(w io.Writer, format string) *logger {
	return &logger{w: w, json: format == "json"}
}

func openLogger(path, format string, debug bool) (*logger, error) {
	if path == "" {
		l := newLogger(os.Stderr, format)
		l.debug = debug
		return l, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open log %s: %w", path, err)
	}
	l := newLogger(f, format)
	l.debug, l.toFile = debug, true
	return l, nil
}

func (l *logger) line(level, msg string) {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if l.json {
		b, _ := json.Marshal(struct {
			Level string `json:"level"`
			Msg   string `json:"msg"`
			Time  string `json:"time"`
		}{level, msg, now})
		fmt.Fprintf(l.w, "%s\n", b)
		return
	}
	if !l.toFile && level == "error" {
		fmt.Fprintf(l.w, "cell: %s\n", msg)
		return
	}
	fmt.Fprintf(l.w, "time=%q level=%s msg=%q\n", now, level, msg)
}

// Error logs err at error level.
func (l *logger) Error(err error) { l.line("error", err.Error()) }

// Debugf logs at debug level when --debug is set.
func (l *logger) Debugf(format string, args ...any) {
	if l.debug {
		l.line("debug", fmt.Sprintf(format, args...))
	}
}
