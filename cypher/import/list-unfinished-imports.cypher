// Every import that has not finished (RUNNING: in progress, or its process died; ABORTING: its
// undo was interrupted), the oldest first, at most $limit. No row when there is none.
MATCH (i:Import)
WHERE i.state IN ['RUNNING', 'ABORTING']
RETURN i { .* } AS import
ORDER BY i.startedAt
LIMIT $limit
