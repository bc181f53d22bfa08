// The ids of the CIs in force (not RETIRED) in environment $environment and of types $types
// (each null = any), up to $limit.
MATCH (c:CI)
WHERE c.lifecycle <> 'RETIRED'
  AND ($environment IS NULL OR c.environment = $environment)
  AND ($types IS NULL OR c.type IN $types)
RETURN c.id AS id
LIMIT $limit
