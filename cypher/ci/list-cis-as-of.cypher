// Like list-cis, but over the versions in force at $asOf (ISO date-time): returns each CI's
// state then, in key order after $after; CIs created later give no row.
MATCH (ci:CI)-[:HAS_VERSION]->(v:CIVersion)
WHERE v.validFrom <= datetime($asOf)
  AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
  AND ($after IS NULL OR v.key > $after)
  AND ($types IS NULL OR v.type IN $types)
  AND ($lifecycles IS NULL OR v.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR v.environment = $environment)
  AND ($owner IS NULL OR v.owner = $owner)
  AND ($search IS NULL OR toLower(v.key) CONTAINS $search OR toLower(v.name) CONTAINS $search)
RETURN v { .*, id: ci.id } AS ci
ORDER BY v.key
LIMIT $limit
