// Package hooks runs OCI lifecycle hooks: each hook's program gets the
// container's state as JSON on stdin and must finish within its timeout.
// Where a hook runs (the runtime's namespaces or the container's) is the
// caller's business.
package hooks

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"time"

	json "github.com/go-json-experiment/json/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Run runs each hook in order and stops at the first failure. stage names
// the hook list in errors ("createRuntime").
func Run(stage string, list []specs.Hook, state *specs.State) error {
	if len(list) == 0 {
		return nil
	}
	in, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("%s hook: encode state: %w", stage, err)
	}
	for i, h := range list {
		if err := run(h, in); err != nil {
			return fmt.Errorf("%s hook %d (%s): %w", stage, i, h.Path, err)
		}
	}
	return nil
}

func run(h specs.Hook, state []byte) error {
	ctx := context.Background()
	if h.Timeout != nil {
		if *h.Timeout <= 0 {
			return fmt.Errorf("timeout %d: must be positive", *h.Timeout)
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(*h.Timeout)*time.Second)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, h.Path)
	if len(h.Args) > 0 {
		cmd.Args = h.Args
	}
	cmd.Env = h.Env
	cmd.Stdin = bytes.NewReader(state)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("timed out after %ds", *h.Timeout)
	}
	if err != nil {
		if msg := bytes.TrimSpace(out.Bytes()); len(msg) > 0 {
			return fmt.Errorf("%w: %s", err, msg)
		}
		return err
	}
	return nil
}
