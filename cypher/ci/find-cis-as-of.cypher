// Returns, for each id in $ids, the CI's state in force at $asOf (ISO date-time); a CI that did
// not exist then (or an unknown id) gives no row.
UNWIND $ids AS id
MATCH (ci:CI {id: id})-[:HAS_VERSION]->(v:CIVersion)
WHERE v.validFrom <= datetime($asOf)
  AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
RETURN v { .*, id: ci.id } AS ci
