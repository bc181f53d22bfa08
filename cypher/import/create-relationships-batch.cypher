// One relationship batch of a streamed import as one statement, when the import needs no lookup
// for it (every end known, none of its relationships possibly in force: ADR 012 decisions 4 and
// 11): claims the journal $id as claim-import-batch does (its write lock; RUNNING with exactly
// $batches batches, else no row), creates the rows' relationships with their signature nodes and
// bumps their ends as import/create-relationships does, and saves the batch's progress as
// save-import-progress does. Returns how many relationships it created.
MATCH (i:Import {id: $id})
SET i._lock = true
REMOVE i._lock
WITH i
WHERE i.state = 'RUNNING' AND i.batches = $batches
CALL () {
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
  RETURN count(*) AS created
}
CALL () {
  UNWIND $ends AS end
  MATCH (ci:CI {id: end.id})
  SET ci.relRevision = coalesce(ci.relRevision, 0) + end.n
}
SET i += $progress,
    i.batches = i.batches + 1,
    i.updatedAt = datetime()
RETURN created
