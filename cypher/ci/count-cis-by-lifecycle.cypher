// Like count-cis, for a non-null $lifecycles: counts, lifecycle by lifecycle, the CIs the
// (lifecycle, key) index finds (every CI has a key: the seek needs a predicate on both).
UNWIND $lifecycles AS lifecycle
MATCH (ci:CI)
USING INDEX SEEK ci:CI(lifecycle, key)
WHERE ci.lifecycle = lifecycle
  AND ci.key IS NOT NULL
  AND ($types IS NULL OR ci.type IN $types)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
RETURN count(ci) AS total
