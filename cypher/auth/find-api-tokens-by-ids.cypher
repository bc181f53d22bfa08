// Returns the tokens whose ids are in $ids (never their hashes); ids with no token give no row.
MATCH (t:ApiToken)
WHERE t.id IN $ids
RETURN t { .id, .user, .roles, .description, .createdBy, .createdAt, .revokedAt } AS token
