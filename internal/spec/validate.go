package spec

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// maxString bounds every string in a config: nothing legitimate is longer,
// and a huge one is a way to exhaust memory in the runtime or the kernel.
const maxString = 64 << 10

// NamespaceFile maps OCI namespace types to their /proc/PID/ns names.
var NamespaceFile = map[specs.LinuxNamespaceType]string{
	specs.PIDNamespace:     "pid",
	specs.NetworkNamespace: "net",
	specs.MountNamespace:   "mnt",
	specs.IPCNamespace:     "ipc",
	specs.UTSNamespace:     "uts",
	specs.UserNamespace:    "user",
	specs.CgroupNamespace:  "cgroup",
	specs.TimeNamespace:    "time",
}

// Validate checks what cell relies on before it creates anything, naming
// the field at fault.
func Validate(s *specs.Spec) error {
	if err := checkStrings(reflect.ValueOf(s), "config"); err != nil {
		return err
	}
	if s.Root == nil || s.Root.Path == "" {
		return fmt.Errorf("root.path: missing")
	}
	if s.Process == nil {
		return fmt.Errorf("process: missing")
	}
	if err := validateProcess(s.Process); err != nil {
		return err
	}
	if s.Linux == nil {
		return fmt.Errorf("linux: missing (cell runs Linux containers only)")
	}
	if err := validateNamespaces(s.Linux.Namespaces); err != nil {
		return err
	}
	if s.Hostname != "" && !HasNewNamespace(s, specs.UTSNamespace) {
		return fmt.Errorf("hostname: needs a new uts namespace")
	}
	if len(s.Linux.UIDMappings)+len(s.Linux.GIDMappings) > 0 && !HasNamespace(s, specs.UserNamespace) {
		return fmt.Errorf("linux.uidMappings: needs a user namespace")
	}
	if HasNewNamespace(s, specs.UserNamespace) && (len(s.Linux.UIDMappings) == 0 || len(s.Linux.GIDMappings) == 0) {
		return fmt.Errorf("linux.uidMappings: a new user namespace needs uid and gid mappings")
	}
	for i, m := range s.Mounts {
		if !filepath.IsAbs(m.Destination) {
			return fmt.Errorf("mounts[%d].destination %q: not an absolute path", i, m.Destination)
		}
	}
	return nil
}

func validateProcess(p *specs.Process) error {
	if len(p.Args) == 0 && p.CommandLine == "" {
		return fmt.Errorf("process.args: empty")
	}
	if p.Cwd == "" || !filepath.IsAbs(p.Cwd) {
		return fmt.Errorf("process.cwd %q: must be an absolute path", p.Cwd)
	}
	for i, e := range p.Env {
		if !strings.Contains(e, "=") {
			return fmt.Errorf("process.env[%d] %q: not KEY=VALUE", i, e)
		}
	}
	return nil
}

func validateNamespaces(nss []specs.LinuxNamespace) error {
	seen := map[specs.LinuxNamespaceType]bool{}
	for i, ns := range nss {
		if _, ok := NamespaceFile[ns.Type]; !ok {
			return fmt.Errorf("linux.namespaces[%d].type %q: unknown namespace type", i, ns.Type)
		}
		if seen[ns.Type] {
			return fmt.Errorf("linux.namespaces[%d].type %q: listed twice", i, ns.Type)
		}
		seen[ns.Type] = true
		if ns.Path != "" && !filepath.IsAbs(ns.Path) {
			return fmt.Errorf("linux.namespaces[%d].path %q: not an absolute path", i, ns.Path)
		}
	}
	return nil
}

// HasNamespace reports whether the container gets a namespace of type t,
// new or joined.
func HasNamespace(s *specs.Spec, t specs.LinuxNamespaceType) bool {
	for _, ns := range s.Linux.Namespaces {
		if ns.Type == t {
			return true
		}
	}
	return false
}

// HasNewNamespace reports whether the container gets a new namespace of type t.
func HasNewNamespace(s *specs.Spec, t specs.LinuxNamespaceType) bool {
	for _, ns := range s.Linux.Namespaces {
		if ns.Type == t && ns.Path == "" {
			return true
		}
	}
	return false
}

// checkStrings refuses any string longer than maxString anywhere in v.
func checkStrings(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkStrings(v.Elem(), path)
		}
	case reflect.String:
		if v.Len() > maxString {
			return fmt.Errorf("%s: string of %d bytes is longer than %d", path, v.Len(), maxString)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Tag.Get("json")
			name, _, _ = strings.Cut(name, ",")
			if err := checkStrings(v.Field(i), path+"."+name); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if err := checkStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			p := fmt.Sprintf("%s[%v]", path, iter.Key())
			if err := checkStrings(iter.Key(), p); err != nil {
				return err
			}
			if err := checkStrings(iter.Value(), p); err != nil {
				return err
			}
		}
	}
	return nil
}
