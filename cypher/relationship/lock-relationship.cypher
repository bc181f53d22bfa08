// Takes the write lock on the relationship $id leaving the CI $fromId and returns it (current or
// removed); no row when there is no such relationship.
MATCH (a:CI {id: $fromId})-[r]->(b:CI)
WHERE r.id = $id
SET r._lock = true
REMOVE r._lock
RETURN r { .*, type: type(r), fromId: a.id, toId: b.id } AS relationship
