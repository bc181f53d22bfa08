// Profile only (bench/profile-import-batch.ts): an import's relationship batch as one statement,
// measured and not kept (ADR 012 decision 11): claims the journal $id, creates the rows as
// import/create-relationships does (signature nodes, ends' bumps) and saves the progress as
// save-import-progress does. Returns how many it created (no row: not claimed).
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
