// Like list-cis (same rows), for a non-null $environment: seeks the (environment, key) index in
// key order (ordered by environment then key: the index's own order, one environment).
MATCH (ci:CI)
USING INDEX SEEK ci:CI(environment, key)
WHERE ci.environment = $environment
  AND ci.key > $after
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
WITH ci
ORDER BY ci.environment, ci.key
LIMIT $limit
RETURN ci { .* } AS ci
