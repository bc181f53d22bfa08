// Profile only: the bare baseline's CI create under another label (its only index: a key constraint).
UNWIND $rows AS row
CREATE (c:ProfileCI)
SET c = row.props
