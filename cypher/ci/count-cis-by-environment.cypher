// Like count-cis, for a non-null $environment: counts the CIs the (environment, key) index
// finds (every CI has a key: the seek needs a predicate on both).
MATCH (ci:CI)
USING INDEX SEEK ci:CI(environment, key)
WHERE ci.environment = $environment
  AND ci.key IS NOT NULL
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
RETURN count(ci) AS total
