// The unauthorized change $id; no row when there is none.
MATCH (u:UnauthorizedChange {id: $id})
RETURN u { .* } AS change
