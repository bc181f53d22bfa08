// Profile only: import/create-cis with the first version written from the batch's parameters
// ($rows: {id, props without id, operation, changes}) instead of copied from the CI.
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
    v.changes = row.changes,
    v.actor = $actor,
    v.reason = $reason,
    v.rfcId = $rfcId
RETURN count(*) AS created
