// One page of the EMERGENCY RFCs whose implementation was attempted before $before and that
// have no retrospective review yet, oldest attempt first (then by number), after the cursor
// ($afterAt, $afterNumber) when given.
MATCH (r:Rfc {type: 'EMERGENCY'})
WHERE r.attemptedAt IS NOT NULL
  AND r.attemptedAt < datetime($before)
  AND r.retrospective IS NULL
  AND ($afterAt IS NULL OR r.attemptedAt > datetime($afterAt)
       OR (r.attemptedAt = datetime($afterAt) AND r.number > $afterNumber))
RETURN r { .* } AS rfc
ORDER BY r.attemptedAt, r.number
LIMIT $limit
