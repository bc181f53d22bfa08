// Unauthorized changes, newest first: all, or those of the CI with key $ciKey, or with status
// $status (OPEN, RFC_OPENED); at most $limit.
MATCH (u:UnauthorizedChange)
WHERE ($ciKey IS NULL OR u.ciKey = $ciKey) AND ($status IS NULL OR u.status = $status)
RETURN u { .* } AS change
ORDER BY u.detectedAt DESC, u.id
LIMIT $limit
