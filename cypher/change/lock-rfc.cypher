// Takes the write lock on RFC $id (every transition holds it while it checks and writes) and
// returns it; no row when there is none.
MATCH (r:Rfc {id: $id})
SET r._lock = true
REMOVE r._lock
RETURN r { .* } AS rfc
