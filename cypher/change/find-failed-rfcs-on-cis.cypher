// RFCs other than $id that FAILED or were BACKED_OUT (closed or not) and touched any of $ciIds.
MATCH (o:Rfc)
WHERE o.id <> $id
  AND (o.state IN ['FAILED', 'BACKED_OUT'] OR o.closedFrom IN ['FAILED', 'BACKED_OUT'])
  AND any(x IN o.touchedCiIds WHERE x IN $ciIds)
RETURN o.number AS number
ORDER BY number
