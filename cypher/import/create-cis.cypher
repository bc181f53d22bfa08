// An import's ci/create-cis: one CI per row ({props: all CI fields with id, operation, changes
// (JSON text)}) at revision 1 with its first version, both marked with $importId. Returns only
// how many it created (an import reads nothing back: no row per CI to send and decode).
UNWIND $rows AS row
CREATE (ci:CI)
SET ci = row.props,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN datetime($now) END,
    ci.importId = $importId
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
RETURN count(*) AS created
