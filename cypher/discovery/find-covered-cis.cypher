// Of $rows ({ciId, since}), the CIs an implemented RFC (IMPLEMENTED, or CLOSED from it) touched
// with its implementation at or after `since`: their changes are authorized. Returns their ids.
UNWIND $rows AS row
MATCH (o:Rfc)
WHERE (o.state = 'IMPLEMENTED' OR o.closedFrom = 'IMPLEMENTED')
  AND row.ciId IN o.touchedCiIds
  AND o.attemptedAt >= datetime(row.since)
RETURN DISTINCT row.ciId AS ciId
