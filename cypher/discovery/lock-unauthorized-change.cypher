// The unauthorized change $id, write-locked (two approvers cannot both open an RFC for it);
// no row when there is none.
MATCH (u:UnauthorizedChange {id: $id})
SET u._lock = true
REMOVE u._lock
RETURN u { .* } AS change
