// Profile only: import/create-cis without the first version (what the version costs).
UNWIND $rows AS row
CREATE (ci:CI)
SET ci = row.props,
    ci.id = row.id,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.retiredAt = CASE WHEN row.props.lifecycle = 'RETIRED' THEN datetime($now) END,
    ci.importId = $importId
RETURN count(*) AS created
