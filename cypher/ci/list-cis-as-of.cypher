// Like list-cis, but over the versions in force at $asOf (ISO date-time): returns each CI's
// state then, in key order after $after ('' = from the first); CIs created later give no row.
// Walks the version key index in order and projects only the rows kept by the LIMIT (ADR 016).
MATCH (v:CIVersion)
WHERE v.key > $after
  AND v.validFrom <= datetime($asOf)
  AND coalesce(v.validTo > datetime($asOf), true)
  AND ($types IS NULL OR v.type IN $types)
  AND ($lifecycles IS NULL OR v.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR v.environment = $environment)
  AND ($owner IS NULL OR v.owner = $owner)
  AND ($search IS NULL OR toLower(v.key) CONTAINS $search OR toLower(v.name) CONTAINS $search)
WITH v
ORDER BY v.key
LIMIT $limit
MATCH (ci:CI)-[:HAS_VERSION]->(v)
RETURN v { .*, id: ci.id } AS ci
ORDER BY v.key
