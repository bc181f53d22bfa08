// One page of the whole dependency graph: for up to $limit CIs in id order after $after, their
// outgoing relationships in force of the types in $types, as (from, type, to) ids. A CI with no
// such relationship gives one row with a null type (so the page cursor still moves on).
MATCH (a:CI)
WHERE $after IS NULL OR a.id > $after
WITH a
ORDER BY a.id
LIMIT $limit
OPTIONAL MATCH (a)-[r:$any($types)]->(b:CI)
WHERE r.validTo IS NULL AND b.lifecycle <> 'RETIRED' AND a.lifecycle <> 'RETIRED'
RETURN a.id AS fromId, type(r) AS type, b.id AS toId
