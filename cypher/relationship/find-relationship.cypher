// The relationship $id leaving the CI $fromId (current or removed), read without a lock; no row
// when there is none.
MATCH (a:CI {id: $fromId})-[r]->(b:CI)
WHERE r.id = $id
RETURN r { .*, type: type(r), fromId: a.id, toId: b.id } AS relationship
