// Write-locks the discovery source named $name, so that two proposals to retire its stale CIs
// run one after the other. Returns its name; no row when it never ran.
MATCH (s:DiscoverySource {name: $name})
SET s._lock = true
REMOVE s._lock
RETURN s.name AS name
