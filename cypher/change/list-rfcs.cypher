// One page of RFCs, newest (highest number) first, below $before when given; each filter null =
// any: states, type, requester, a CI among those it touches or its impact set.
MATCH (r:Rfc)
WHERE ($states IS NULL OR r.state IN $states)
  AND ($type IS NULL OR r.type = $type)
  AND ($requester IS NULL OR r.requester = $requester)
  AND ($ciId IS NULL OR $ciId IN r.touchedCiIds OR $ciId IN r.impactCiIds)
  AND ($before IS NULL OR r.number < $before)
RETURN r { .* } AS rfc
ORDER BY r.number DESC
LIMIT $limit
