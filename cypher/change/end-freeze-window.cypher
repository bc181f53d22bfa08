// Lifts the freeze window $id (it stays, marked lifted; a second lift changes nothing). Returns
// it and whether it was lifted before; no row when none.
MATCH (f:FreezeWindow {id: $id})
WITH f, f.liftedAt IS NOT NULL AS wasLifted
SET f.liftedAt = coalesce(f.liftedAt, datetime($now)),
    f.liftedBy = coalesce(f.liftedBy, $actor)
RETURN f { .* } AS window, wasLifted
