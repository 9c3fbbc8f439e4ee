package cgroups

import "github.com/cell-runtime/cell/internal/cgroups/stats"

// Stats is a cgroup's usage figures; its JSON matches the data of
// `runc events --stats`. See package stats for the fields.
type Stats = stats.Stats

// PSIStats is a v2 pressure file (some/full lines).
type PSIStats = stats.PSIStats
