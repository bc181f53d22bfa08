// EMERGENCY RFCs whose implementation was attempted before $before and that have no
// retrospective review yet, oldest first.
MATCH (r:Rfc {type: 'EMERGENCY'})
WHERE r.attemptedAt IS NOT NULL
  AND r.attemptedAt < datetime($before)
  AND r.retrospective IS NULL
RETURN r { .* } AS rfc
ORDER BY r.attemptedAt
