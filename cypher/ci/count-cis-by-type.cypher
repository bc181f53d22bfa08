// Like count-cis, for a non-null $types: counts, type by type, the CIs the (type, key) index
// finds (every CI has a key: the seek needs a predicate on both).
UNWIND $types AS type
MATCH (ci:CI)
USING INDEX SEEK ci:CI(type, key)
WHERE ci.type = type
  AND ci.key IS NOT NULL
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
RETURN count(ci) AS total
