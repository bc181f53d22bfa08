// Returns the token whose secret hashes to $hash and that is not revoked; no row otherwise.
MATCH (t:ApiToken {hash: $hash})
WHERE t.revokedAt IS NULL
RETURN t { .id, .user, .roles, .createdBy } AS token
