// The ids of the CIs in force (not RETIRED) of the types $types, up to $limit.
MATCH (c:CI)
WHERE c.type IN $types
  AND c.lifecycle <> 'RETIRED'
RETURN c.id AS id
LIMIT $limit
