// Integrity runs newest first, after the cursor ($afterAt, $afterId; both null = from the
// newest), up to $limit.
MATCH (r:IntegrityRun)
WHERE $afterAt IS NULL
   OR r.at < datetime($afterAt)
   OR (r.at = datetime($afterAt) AND r.id < $afterId)
RETURN r { .* } AS run
ORDER BY r.at DESC, r.id DESC
LIMIT $limit
