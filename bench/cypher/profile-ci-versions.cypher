// Profile only: ci/create-cis without its RETURN ($rows: {props, operation, changes}).
UNWIND $rows AS row
CREATE (ci:CI)
SET ci = row.props,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.importId = $importId
CREATE (ci)-[:HAS_VERSION]->(v:CIVersion)
SET v = properties(ci),
    v.ciId = ci.id,
    v.validFrom = datetime($now),
    v.operation = row.operation,
    v.changes = row.changes,
    v.actor = 'profile',
    v.reason = 'profile',
    v.rfcId = null
REMOVE v.id
