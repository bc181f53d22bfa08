// Revokes the token $id (once: a second revoke keeps the first instant); returns it, or no row
// when no token has that id.
MATCH (t:ApiToken {id: $id})
SET t.revokedAt = coalesce(t.revokedAt, datetime())
RETURN t { .id, .user, .roles, .description, .createdBy, .createdAt, .revokedAt } AS token
