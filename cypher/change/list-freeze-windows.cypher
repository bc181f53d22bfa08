// Freeze windows in force (not lifted) that overlap [$from, $to), by start.
MATCH (f:FreezeWindow)
WHERE f.liftedAt IS NULL
  AND f.start < datetime($to)
  AND f.end > datetime($from)
RETURN f { .* } AS window
ORDER BY f.start, f.name
