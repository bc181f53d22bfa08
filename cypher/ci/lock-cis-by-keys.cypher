// Takes the write lock on each CI whose key is in $keys, then returns its current state.
// Unknown keys give no row.
UNWIND $keys AS key
MATCH (ci:CI {key: key})
SET ci._lock = true
REMOVE ci._lock
RETURN ci { .* } AS ci
