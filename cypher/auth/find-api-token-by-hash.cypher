// Returns the token whose secret hashes to $hash, with the roles its user may be given, when it
// is not revoked and its user is active; no row otherwise (a token held by no user included).
MATCH (u:User)-[:HOLDS]->(t:ApiToken {hash: $hash})
WHERE t.revokedAt IS NULL AND u.deactivatedAt IS NULL
RETURN t { .id, .roles, .createdBy, user: u.name, userRoles: u.roles } AS token
