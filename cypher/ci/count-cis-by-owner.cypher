// Like count-cis, for a non-null $owner: counts the CIs the (owner, key) index finds (every CI
// has a key: the seek needs a predicate on both).
MATCH (ci:CI)
USING INDEX SEEK ci:CI(owner, key)
WHERE ci.owner = $owner
  AND ci.key IS NOT NULL
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
RETURN count(ci) AS total
