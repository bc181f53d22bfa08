// Stores a new API token (only the SHA-256 of its secret) and returns it; always one row.
CREATE (t:ApiToken {
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
