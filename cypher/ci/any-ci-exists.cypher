// Returns one row: whether the CMDB holds at least one CI.
OPTIONAL MATCH (ci:CI)
WITH ci
LIMIT 1
RETURN ci IS NOT NULL AS any
