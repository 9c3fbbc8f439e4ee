// Package netns manages named network namespaces: the files in /run/netns
// that `ip netns` uses, so that a namespace added by cell is listed, entered
// and deleted by iproute2 and the other way round.
//
// Add, Delete, List, Identify, Pids and ID/SetID mirror `ip netns`. Do runs a
// function on a locked OS thread switched into a network namespace (the idea
// of CNI's ns.Do). Command and ExecChild implement `netns exec`: a re-executed
// cell starts in a new mount namespace, joins the network namespace before the
// Go runtime starts (package nsenter), remounts /sys and bind-mounts
// /etc/netns/NAME/* over /etc, then executes the command.
//
// It does not create links, addresses or routes (package link does) and never
// touches namespaces it was not named.
package netns
