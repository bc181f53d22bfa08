// Lifts the freeze window $id (it stays, marked lifted). Returns it; no row when none.
MATCH (f:FreezeWindow {id: $id})
SET f.liftedAt = coalesce(f.liftedAt, datetime($now)),
    f.liftedBy = coalesce(f.liftedBy, $actor)
RETURN f { .* } AS window
