// Releases planned in [$from, $to) (each null = open), in statuses $statuses (null = any), by
// planned date then name and version, after the cursor ($afterDate, $afterName, $afterVersion;
// all null = from the start), up to $limit.
MATCH (r:Release)
WHERE ($from IS NULL OR r.plannedDate >= datetime($from))
  AND ($to IS NULL OR r.plannedDate < datetime($to))
  AND ($statuses IS NULL OR r.status IN $statuses)
  AND ($afterDate IS NULL OR r.plannedDate > datetime($afterDate)
       OR (r.plannedDate = datetime($afterDate)
           AND (r.name > $afterName OR (r.name = $afterName AND r.version > $afterVersion))))
RETURN r { .* } AS release
ORDER BY r.plannedDate, r.name, r.version
LIMIT $limit
