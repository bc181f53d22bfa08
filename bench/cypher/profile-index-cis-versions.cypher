// Profile only: CIs under $label with their first version under $versionLabel, as
// import/create-cis writes them ($rows: toRow's {props, operation, changes}).
UNWIND $rows AS row
CREATE (ci:$($label))
SET ci = row.props,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.importId = $importId
CREATE (ci)-[:HAS_VERSION]->(v:$($versionLabel))
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
