// Profile only (bench/profile-import-batch.ts): an import's CI batch as one statement, measured
// and not kept (ADR 012 decision 11): claims the journal $id (RUNNING with $batches batches), and
// only if no CI holds a row's key creates the rows' CIs and first versions as
// import/create-cis does and saves the progress as save-import-progress does. Returns how many
// of the keys the CMDB holds (no row: not claimed).
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
