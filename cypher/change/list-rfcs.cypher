// One page of RFCs, newest (highest number) first, below $before (the first page: a number
// above every RFC's); each filter null = any: states, type, requester, a CI among those it
// touches or its impact set. Walks the number index downwards and projects only the rows kept by
// the LIMIT (ADR 016); the seek hint keeps the planner off the state index and a Sort of every
// RFC in that state.
MATCH (r:Rfc)
USING INDEX SEEK r:Rfc(number)
WHERE r.number < $before
  AND ($states IS NULL OR r.state IN $states)
  AND ($type IS NULL OR r.type = $type)
  AND ($requester IS NULL OR r.requester = $requester)
  AND ($ciId IS NULL OR $ciId IN r.touchedCiIds OR $ciId IN r.impactCiIds)
WITH r
ORDER BY r.number DESC
LIMIT $limit
RETURN r { .* } AS rfc
