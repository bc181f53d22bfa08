// How many releases list-releases would list over every page (the same filters, each null =
// any): the totalCount of its connection.
MATCH (r:Release)
WHERE ($from IS NULL OR r.plannedDate >= datetime($from))
  AND ($to IS NULL OR r.plannedDate < datetime($to))
  AND ($statuses IS NULL OR r.status IN $statuses)
RETURN count(r) AS total
