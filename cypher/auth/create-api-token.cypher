// Stores a new API token (only the SHA-256 of its secret) held by the user $user, and returns
// it; no row when no user has that name.
MATCH (u:User {name: $user})
CREATE (u)-[:HOLDS]->(t:ApiToken {
  id: $id,
  hash: $hash,
  user: $user,
  roles: $roles,
  description: $description,
  createdBy: $createdBy,
  createdAt: datetime(),
  revokedAt: null
})
RETURN t { .id, .user, .roles, .description, .createdBy, .createdAt, .revokedAt } AS token
