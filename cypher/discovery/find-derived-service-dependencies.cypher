// Service-to-service dependencies around the CI with key $key, derived (never stored), by id.
// The CIs under a CI are those reaching it by $under relationships, part to whole, up to 4 hops
// (itself included). $dependents false: a CI under $key depends ($dependency types) on a CI t
// outside them that is, or is under, another CI of $serviceTypes. $dependents true: a CI x
// outside them, that is or is under another such CI, depends on a CI under $key. One row per
// component edge: the dependent service, the service depended on, and the edge's ends and type.
// No row for an unknown key.
MATCH (s:CI {key: $key})
MATCH (m:CI)-[u*0..4]->(s)
WHERE all(x IN u WHERE type(x) IN $under AND x.validTo IS NULL)
WITH s, collect(DISTINCT m) AS members
UNWIND members AS m
MATCH (m)-[d]-(t:CI)
WHERE type(d) IN $dependency AND d.validTo IS NULL AND NOT t IN members
  AND ((NOT $dependents AND startNode(d) = m) OR ($dependents AND endNode(d) = m))
MATCH (t)-[v*0..4]->(other:CI)
WHERE all(x IN v WHERE type(x) IN $under AND x.validTo IS NULL)
  AND other <> s AND other.type IN $serviceTypes AND NOT other IN members
WITH DISTINCT s, other, startNode(d) AS a, type(d) AS via, endNode(d) AS b
WITH CASE WHEN $dependents THEN other ELSE s END AS dependent,
     CASE WHEN $dependents THEN s ELSE other END AS dependedOn, a, via, b
RETURN dependent.id AS dependentId, dependedOn.id AS dependedOnId,
       a.id AS fromId, via, b.id AS toId
ORDER BY dependent.key, dependedOn.key, a.key, via, b.key
