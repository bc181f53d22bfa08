// Profile only: CIs as the import writes them ($rows: toRow's {props}), under the label $label.
UNWIND $rows AS row
CREATE (ci:$($label))
SET ci = row.props,
    ci.createdAt = datetime($now),
    ci.updatedAt = datetime($now),
    ci.revision = 1,
    ci.importId = $importId
RETURN count(*) AS created
