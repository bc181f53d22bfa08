// Takes the write lock on the standard change named $name and returns it; no row when none.
MATCH (s:StandardChange {name: $name})
SET s._lock = true
REMOVE s._lock
RETURN s { .* } AS template
