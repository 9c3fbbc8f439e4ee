package spec

import "fmt"

// ValidateID checks a container id: 1 to 255 characters from
// [A-Za-z0-9_+.-], and not "." or "..", so that it is always a single,
// harmless path component.
func ValidateID(id string) error {
	if id == "" {
		return fmt.Errorf("container id: empty")
	}
	if len(id) > 255 {
		return fmt.Errorf("container id: longer than 255 characters")
	}
	if id == "." || id == ".." {
		return fmt.Errorf("container id %q: not allowed", id)
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '+' || c == '.' || c == '-'
		if !ok {
			return fmt.Errorf("container id %q: invalid character %q (allowed: letters, digits, _ + . -)", id, c)
		}
	}
	return nil
}
