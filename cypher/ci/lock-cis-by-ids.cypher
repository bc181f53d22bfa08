// Takes the write lock on each CI whose id is in $ids, then returns its current state (so a
// revision check that follows cannot race another writer). Unknown ids give no row.
UNWIND $ids AS id
MATCH (ci:CI {id: id})
SET ci._lock = true
REMOVE ci._lock
RETURN ci { .* } AS ci
