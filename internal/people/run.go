package people

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	json "github.com/go-json-experiment/json/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/events"
	"github.com/cell-runtime/cell/internal/spec"
	"github.com/cell-runtime/cell/internal/store"
)

// Run creates and starts the container o describes under state root. In
// the foreground it waits and returns the container's exit status (128+N
// when killed by signal N); detached it returns 0 once the container runs.
// On any error nothing is left behind.
func Run(root string, o Options) (id string, code int, err error) {
	if id, err = pickID(root, o.Name); err != nil {
		return "", 0, err
	}
	bundle, err := makeBundle(root, id)
	if err != nil {
		return id, 0, err
	}
	if o.Detach {
		o.relayArgs = relayArgs(root, id, o.Remove)
	}
	defer func() { o.slirp.close() }() // set while the spec is built
	c, io, err := create(root, id, bundle, &o)
	if err != nil {
		_ = RemoveBundle(root, id)
		return id, 0, err
	}
	_ = events.Record(root, events.Create, id)
	if err := start(root, c, &o); err != nil {
		_ = Remove(root, id, true)
		return id, 0, err
	}
	_ = events.Record(root, events.Start, id)
	if o.Detach {
		return id, 0, nil
	}
	if io.master != nil {
		code, err = io.waitTerminal(c)
	} else {
		code = c.Wait()
	}
	if o.Remove {
		_ = events.RecordExit(root, id, code)
		return id, code, errors.Join(err, Remove(root, id, true))
	}
	if err != nil {
		return id, code, err
	}
	return id, code, recordExit(root, id, code)
}

// relayArgs are the flags of a detached container's log relay: record
// its exit status, and with remove delete it then.
func relayArgs(root, id string, remove bool) []string {
	args := []string{"--root", root, "--exit", id}
	if remove {
		args = append(args, "--rm", id)
	}
	return args
}

// create prepares the root filesystem, spec and stdio and creates the
// container.
func create(root, id, bundle string, o *Options) (*container.Container, *stdio, error) {
	s, err := buildSpec(root, id, bundle, o)
	if err != nil {
		return nil, nil, err
	}
	io, err := containerIO(bundle, o)
	if err != nil {
		return nil, nil, err
	}
	defer io.close()
	c, err := container.Create(store.Store{Root: root}, container.CreateOptions{
		ID: id, Bundle: bundle, Spec: s, IO: io.IO,
	})
	if err == nil && io.consoleErr != nil {
		_ = c.Delete(true)
		return nil, nil, io.consoleErr
	}
	if err == nil {
		io.sendPid(c.Pid)
	}
	return c, io, err
}

// start connects the container's slirp4netns, if it has one, and lets
// its process run.
func start(root string, c *container.Container, o *Options) error {
	if o.slirp != nil {
		if err := o.slirp.start(c.Pid); err != nil {
			return err
		}
	}
	lc, unlock, err := container.Locked(store.Store{Root: root}, c.ID)
	if err != nil {
		return err
	}
	defer unlock()
	return lc.Start()
}

// buildSpec fills in o.Spec from the target and flags and writes the
// result as the bundle's config.json.
func buildSpec(root, id, bundle string, o *Options) (*specs.Spec, error) {
	o.Spec.ID = id
	o.Spec.LookupDevice = lookupDevice
	if err := prepareRoot(bundle, o); err != nil {
		return nil, err
	}
	if err := resolveNetwork(root, o); err != nil {
		return nil, err
	}
	if err := prepareInit(bundle, o); err != nil {
		return nil, err
	}
	o.Spec.Annotations = annotations(id, bundle, o)
	s, err := spec.FromRun(o.Spec)
	if err != nil {
		return nil, err
	}
	if err := spec.Validate(s); err != nil {
		return nil, err
	}
	return s, writeConfig(bundle, s)
}

func annotations(id, bundle string, o *Options) map[string]string {
	a := map[string]string{AnnotationName: id, AnnotationNetwork: o.Net}
	a[AnnotationImage] = "default"
	if o.Target != "" {
		a[AnnotationImage] = o.Target
	}
	if o.veth != "" {
		a[AnnotationVeth] = o.veth
	}
	if len(o.Ports) > 0 {
		a[AnnotationPorts] = strings.Join(o.Ports, ",")
	}
	if o.Detach {
		a[AnnotationLog] = logPath(bundle)
	}
	return a
}

func writeConfig(bundle string, s *specs.Spec) error {
	b, err := json.MarshalIndent(s, "", "\t")
	if err != nil {
		return fmt.Errorf("encode config.json: %w", err)
	}
	if err := os.WriteFile(filepath.Join(bundle, "config.json"), b, 0o600); err != nil {
		return fmt.Errorf("write config.json: %w", err)
	}
	return nil
}
