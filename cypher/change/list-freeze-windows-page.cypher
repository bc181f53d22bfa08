// One page of the freeze windows in force (not lifted) that overlap [$from, $to), by start then
// id, after the cursor ($afterStart, $afterId) when given.
MATCH (f:FreezeWindow)
WHERE f.liftedAt IS NULL
  AND f.start < datetime($to)
  AND f.end > datetime($from)
  AND ($afterStart IS NULL OR f.start > datetime($afterStart)
       OR (f.start = datetime($afterStart) AND f.id > $afterId))
RETURN f { .* } AS window
ORDER BY f.start, f.id
LIMIT $limit
