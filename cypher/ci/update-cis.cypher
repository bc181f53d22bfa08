// Writes each row's full new state ({id, props, operation, changes}) over the CI, bumps its
// revision, closes its current version and opens a new one. Returns each updated CI; an
// unknown id gives no row.
UNWIND $rows AS row
MATCH (ci:CI {id: row.id})
OPTIONAL MATCH (ci)-[:HAS_VERSION]->(current:CIVersion)
  WHERE current.validTo IS NULL
SET current.validTo = datetime($now)
SET ci += row.props,
    ci.updatedAt = datetime($now),
    ci.revision = ci.revision + 1,
    ci.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN coalesce(ci.retiredAt, datetime($now)) END
CREATE (ci)-[:HAS_VERSION]->(v:CIVersion)
SET v = properties(ci),
    v.ciId = ci.id,
    v.validFrom = datetime($now),
    v.operation = row.operation,
    v.changes = row.changes,
    v.actor = $actor,
    v.reason = $reason,
    v.rfcId = $rfcId
REMOVE v.id
RETURN ci { .* } AS ci
