// The audit entry $id; no row when there is none.
MATCH (e:AuditEntry {id: $id})
RETURN e { .* } AS entry
