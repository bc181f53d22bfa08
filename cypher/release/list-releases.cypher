// Releases planned in [$from, $to) (each null = open), in statuses $statuses (null = any), by
// planned date, up to $limit.
MATCH (r:Release)
WHERE ($from IS NULL OR r.plannedDate >= datetime($from))
  AND ($to IS NULL OR r.plannedDate < datetime($to))
  AND ($statuses IS NULL OR r.status IN $statuses)
RETURN r { .* } AS release
ORDER BY r.plannedDate, r.name, r.version
LIMIT $limit
