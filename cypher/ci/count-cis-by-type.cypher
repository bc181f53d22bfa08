// Like count-cis, for a non-null $types: counts, type by type, the CIs the (type, key) index
// finds.
UNWIND $types AS type
MATCH (ci:CI)
WHERE ci.type = type
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
RETURN count(ci) AS total
