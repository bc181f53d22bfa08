// How many RFCs match the filters of list-rfcs: the totalCount of its connection.
MATCH (r:Rfc)
WHERE ($states IS NULL OR r.state IN $states)
  AND ($type IS NULL OR r.type = $type)
  AND ($requester IS NULL OR r.requester = $requester)
  AND ($ciId IS NULL OR $ciId IN r.touchedCiIds OR $ciId IN r.impactCiIds)
RETURN count(r) AS total
