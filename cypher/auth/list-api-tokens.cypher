// Returns every API token (never its hash), newest first; revoked ones too when $includeRevoked.
MATCH (t:ApiToken)
WHERE $includeRevoked OR t.revokedAt IS NULL
RETURN t { .id, .user, .roles, .description, .createdBy, .createdAt, .revokedAt } AS token
ORDER BY t.createdAt DESC, t.id DESC
