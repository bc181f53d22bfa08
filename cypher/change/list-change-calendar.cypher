// RFCs with a planned window overlapping [$from, $to), in states $states, by start.
MATCH (r:Rfc)
WHERE r.state IN $states
  AND r.plannedStart < datetime($to)
  AND r.plannedEnd > datetime($from)
RETURN r { .* } AS rfc
ORDER BY r.plannedStart, r.number
LIMIT $limit
