package main

import (
	"fmt"
	"io"
	"sort"
)

// command is one entry of the multi-call table. run writes its result to
// out; args excludes the command name.
type command struct {
	usage string
	run   func(out io.Writer, args []string) error
}

// commands is filled by init functions in the files that implement them,
// so each area registers its own names.
var commands = map[string]command{}

func register(name, usage string, run func(io.Writer, []string) error) {
	if _, dup := commands[name]; dup {
		panic("payload: duplicate command " + name)
	}
	commands[name] = command{usage: usage, run: run}
}

func lookup(name string) (command, bool) {
	c, ok := commands[name]
	return c, ok
}

// names returns the command names in sorted order.
func names() []string {
	out := make([]string, 0, len(commands))
	for n := range commands {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func init() {
	register("commands", "", listCommands)
	register("help", "", help)
}

// listCommands prints every command name, one a line: the test rootfs
// builder reads this to make its symlinks.
func listCommands(out io.Writer, _ []string) error {
	for _, n := range names() {
		fmt.Fprintln(out, n)
	}
	return nil
}

// help prints every command with its synopsis.
func help(out io.Writer, _ []string) error {
	for _, n := range names() {
		fmt.Fprintf(out, "%s %s\n", n, commands[n].usage)
	}
	return nil
}
