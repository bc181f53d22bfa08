// Benchmark only: the CI with the most relationships in force (both ways), with that degree.
MATCH (ci:CI)
RETURN ci.id AS id, ci.key AS key, COUNT { (ci)-[r]-(:CI) WHERE r.validTo IS NULL } AS degree
ORDER BY degree DESC
LIMIT 1
