package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// runEnv reads --env-file files, then --env values (KEY alone takes
// cell's own value, and is skipped when unset), in order.
func runEnv(files, envs []string) ([]string, error) {
	var out []string
	for _, f := range files {
		lines, err := readEnvFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	for _, e := range envs {
		if !strings.Contains(e, "=") {
			v, ok := os.LookupEnv(e)
			if !ok {
				continue
			}
			e += "=" + v
		}
		out = append(out, e)
	}
	return out, nil
}

// readEnvFile reads KEY=VALUE lines, skipping blank lines and # comments.
func readEnvFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--env-file: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, _, ok := strings.Cut(line, "=")
		if ok && k == "" {
			return nil, fmt.Errorf("--env-file %s:%d: want KEY=VALUE", path, n)
		}
		if !ok {
			if v, set := os.LookupEnv(line); set {
				out = append(out, line+"="+v)
			}
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--env-file %s: %w", path, err)
	}
	return out, nil
}
