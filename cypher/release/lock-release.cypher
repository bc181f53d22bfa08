// Takes the write lock on release $id and returns it; no row when there is none.
MATCH (r:Release {id: $id})
SET r._lock = true
REMOVE r._lock
RETURN r { .* } AS release
