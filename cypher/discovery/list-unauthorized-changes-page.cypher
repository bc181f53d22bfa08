// One page of unauthorized changes, newest first: filtered by CI key $ciKey, source $source and
// status $status (each null = any), after the cursor ($afterAt, $afterId) when given.
MATCH (u:UnauthorizedChange)
WHERE ($ciKey IS NULL OR u.ciKey = $ciKey)
  AND ($source IS NULL OR u.source = $source)
  AND ($status IS NULL OR u.status = $status)
  AND ($afterAt IS NULL OR u.detectedAt < datetime($afterAt)
       OR (u.detectedAt = datetime($afterAt) AND u.id < $afterId))
RETURN u { .* } AS change
ORDER BY u.detectedAt DESC, u.id DESC
LIMIT $limit
