// An import's relationship/create-relationships: one relationship per row ({id, fromId, toId,
// type}) at revision 1, in force from now, with its signature node (unique: a second one in
// force fails the write) marked with $importId; then each CI of $ends ({id, n}: the batch's
// ends, each once, with how many of its rows it is an end of) gets its relationship revision
// bumped by n, once, where the general statement bumps both ends row by row (the same final
// value). Returns how many relationships it created: a row whose CIs do not exist creates none,
// and $ends must then leave them out (the import resolved every end in the same transaction).
UNWIND $rows AS row
MATCH (a:CI {id: row.fromId})
MATCH (b:CI {id: row.toId})
CREATE (a)-[r:$(row.type)]->(b)
SET r.id = row.id,
    r.validFrom = datetime($now),
    r.createdBy = $actor,
    r.reason = $reason,
    r.rfcId = $rfcId,
    r.revision = 1
CREATE (:RelationshipInForce {
  signature: a.id + '|' + row.type + '|' + b.id,
  id: row.id,
  importId: $importId
})
WITH count(*) AS created
CALL (created) {
  UNWIND $ends AS end
  MATCH (ci:CI {id: end.id})
  SET ci.relRevision = coalesce(ci.relRevision, 0) + end.n
}
RETURN created
