// The ids of the CIs in force (not RETIRED) in environment $environment, up to $limit.
MATCH (c:CI {environment: $environment})
WHERE c.lifecycle <> 'RETIRED'
RETURN c.id AS id
LIMIT $limit
