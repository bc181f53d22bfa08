// Service-to-service dependencies of the CI with key $key, derived (never stored): the CIs under
// it (reaching it by $under relationships, part to whole, up to 4 hops) depend ($dependency
// types) on a CI outside them that is, or is under, another CI of $serviceTypes. One row per
// such edge: the other service and the component edge it comes from. No row for an unknown key.
MATCH (s:CI {key: $key})
MATCH (m:CI)-[u*0..4]->(s)
WHERE all(x IN u WHERE type(x) IN $under AND x.validTo IS NULL)
WITH s, collect(DISTINCT m) AS members
UNWIND members AS m
MATCH (m)-[d]->(t:CI)
WHERE type(d) IN $dependency AND d.validTo IS NULL AND NOT t IN members
MATCH (t)-[v*0..4]->(other:CI)
WHERE all(x IN v WHERE type(x) IN $under AND x.validTo IS NULL)
  AND other <> s AND other.type IN $serviceTypes AND NOT other IN members
RETURN DISTINCT other.key AS key, other.name AS name, other.type AS type,
       m.key AS from, type(d) AS via, t.key AS to
ORDER BY key, from, via, to
