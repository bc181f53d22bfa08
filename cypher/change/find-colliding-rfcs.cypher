// For each row ({id, start, end, impactIds}: an RFC's window and impact set), the open RFCs
// (states $states, other than it) whose planned window overlaps it and whose impact set shares
// CIs with it; with the shared CIs' ids (up to 100 each).
UNWIND $rows AS row
MATCH (o:Rfc)
WHERE o.state IN $states
  AND o.id <> row.id
  AND o.plannedStart < datetime(row.end)
  AND o.plannedEnd > datetime(row.start)
WITH row, o, [x IN o.impactCiIds WHERE x IN row.impactIds] AS shared
WHERE size(shared) > 0
RETURN row.id AS forId, o { .* } AS rfc, shared[0..100] AS sharedIds, size(shared) AS sharedCount
ORDER BY o.number
