// Returns, for each key in $keys, the state in force at $asOf (ISO date-time) of the CI that had
// that key then (a CI renamed since is found by its old key); keys no CI had then give no row.
UNWIND $keys AS key
MATCH (v:CIVersion {key: key})<-[:HAS_VERSION]-(ci:CI)
WHERE v.validFrom <= datetime($asOf)
  AND (v.validTo IS NULL OR v.validTo > datetime($asOf))
RETURN v { .*, id: ci.id } AS ci
