// The ids of the CIs in force (not RETIRED) in environment $environment, up to $limit, found
// by the (environment, key) index (every CI has a key).
MATCH (c:CI)
USING INDEX SEEK c:CI(environment, key)
WHERE c.environment = $environment
  AND c.key IS NOT NULL
  AND c.lifecycle <> 'RETIRED'
RETURN c.id AS id
LIMIT $limit
