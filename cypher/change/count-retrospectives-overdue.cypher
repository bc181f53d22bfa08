// How many RFCs list-retrospectives-overdue lists over every page: the totalCount of its
// connection.
MATCH (r:Rfc {type: 'EMERGENCY'})
WHERE r.attemptedAt IS NOT NULL
  AND r.attemptedAt < datetime($before)
  AND r.retrospective IS NULL
RETURN count(r) AS total
