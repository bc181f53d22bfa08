// The ids of the CIs in force (not RETIRED) of the types $types, up to $limit, found by the
// (type, key) index (every CI has a key).
MATCH (c:CI)
USING INDEX SEEK c:CI(type, key)
WHERE c.type IN $types
  AND c.key IS NOT NULL
  AND c.lifecycle <> 'RETIRED'
RETURN c.id AS id
LIMIT $limit
