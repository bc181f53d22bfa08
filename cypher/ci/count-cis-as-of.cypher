// How many CIs matched the filters of list-cis-as-of at $asOf (ISO date-time): the totalCount
// of its connection.
MATCH (:CI)-[:HAS_VERSION]->(v:CIVersion)
WHERE v.validFrom <= datetime($asOf)
  AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
  AND ($types IS NULL OR v.type IN $types)
  AND ($lifecycles IS NULL OR v.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR v.environment = $environment)
  AND ($owner IS NULL OR v.owner = $owner)
  AND ($search IS NULL OR toLower(v.key) CONTAINS $search OR toLower(v.name) CONTAINS $search)
RETURN count(v) AS total
