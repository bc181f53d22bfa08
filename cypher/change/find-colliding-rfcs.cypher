// Open RFCs (other than $id) whose planned window overlaps [$start, $end) and whose impact set
// shares CIs with $impactIds; with the shared CIs' ids (up to 100 each).
MATCH (o:Rfc)
WHERE o.state IN $states
  AND o.id <> $id
  AND o.plannedStart < datetime($end)
  AND o.plannedEnd > datetime($start)
WITH o, [x IN o.impactCiIds WHERE x IN $impactIds] AS shared
WHERE size(shared) > 0
RETURN o { .* } AS rfc, shared[0..100] AS sharedIds, size(shared) AS sharedCount
ORDER BY o.number
