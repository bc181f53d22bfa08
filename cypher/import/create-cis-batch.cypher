// One CI batch of a streamed import as one statement, when the CMDB holds none of its keys (an
// import into an empty CMDB, or of new CIs): claims the journal $id as claim-import-batch does
// (its write lock; RUNNING with exactly $batches batches, else no row), then, only if no CI has
// the key of a row, creates each row's CI and first version as import/create-cis does and saves
// the batch's progress as save-import-progress does. Returns how many of the rows' keys the
// CMDB holds: 0 when the batch was written; otherwise nothing was written, the journal is still
// claimed, and the import writes the batch as it does an upsert (ADR 012 decision 11).
MATCH (i:Import {id: $id})
SET i._lock = true
REMOVE i._lock
WITH i
WHERE i.state = 'RUNNING' AND i.batches = $batches
CALL () {
  UNWIND $rows AS row
  OPTIONAL MATCH (held:CI {key: row.props.key})
  RETURN count(held) AS held
}
CALL (held) {
  WITH held
  WHERE held = 0
  UNWIND $rows AS row
  CREATE (ci:CI)
  SET ci = row.props,
      ci.id = row.id,
      ci.createdAt = datetime($now),
      ci.updatedAt = datetime($now),
      ci.revision = 1,
      ci.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN datetime($now) END,
      ci.importId = $importId
  CREATE (ci)-[:HAS_VERSION]->(v:CIVersion)
  SET v = row.props,
      v.createdAt = datetime($now),
      v.updatedAt = datetime($now),
      v.revision = 1,
      v.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN datetime($now) END,
      v.importId = $importId,
      v.ciId = row.id,
      v.validFrom = datetime($now),
      v.operation = row.operation,
      v.actor = $actor,
      v.reason = $reason,
      v.rfcId = $rfcId
}
CALL (i, held) {
  WITH i, held
  WHERE held = 0
  SET i += $progress,
      i.batches = i.batches + 1,
      i.updatedAt = datetime()
}
RETURN held
