//go:build !cellinit

package initbin

// Binary is empty: this cell was built without the slim init.
var Binary []byte

// Sum is empty too.
var Sum string
