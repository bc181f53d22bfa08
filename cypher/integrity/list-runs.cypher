// The latest integrity runs, newest first (or the run $id alone when given).
MATCH (r:IntegrityRun)
WHERE $id IS NULL OR r.id = $id
RETURN r { .* } AS run
ORDER BY r.at DESC
LIMIT $limit
