// Profile only: CIs as the product stores them ($rows: {props}), without their first version.
UNWIND $rows AS row
CREATE (ci:CI)
SET ci = row.props,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.importId = $importId
