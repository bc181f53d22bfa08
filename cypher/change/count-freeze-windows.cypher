// How many freeze windows list-freeze-windows-page lists over every page: the totalCount of its
// connection.
MATCH (f:FreezeWindow)
WHERE f.liftedAt IS NULL
  AND f.start < datetime($to)
  AND f.end > datetime($from)
RETURN count(f) AS total
