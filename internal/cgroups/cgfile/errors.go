package cgfile

import "fmt"

// FieldError is a linux.resources value the host cannot honour. Field is the
// spec path ("linux.resources.memory.swap"); Reason says why.
type FieldError struct {
	Field  string
	Reason string
	Err    error
}

// Error formats as "field: reason: cause".
func (e *FieldError) Error() string {
	s := e.Field + ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause, if any.
func (e *FieldError) Unwrap() error { return e.Err }

// Fieldf returns a *FieldError with a formatted reason and no cause.
func Fieldf(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// FieldErr wraps err, a failure while applying field, into a *FieldError.
// A nil err gives nil.
func FieldErr(field string, err error) error {
	if err == nil {
		return nil
	}
	return &FieldError{Field: field, Reason: "cannot apply", Err: err}
}
