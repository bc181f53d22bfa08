// Returns the import that has not finished (RUNNING, or ABORTING: its undo was interrupted),
// the oldest first; no row when there is none.
MATCH (i:Import)
WHERE i.state IN ['RUNNING', 'ABORTING']
RETURN i { .* } AS import
ORDER BY i.startedAt
LIMIT 1
