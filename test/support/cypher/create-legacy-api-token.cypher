// Test harness only: an API token as 1.0.0 stored it, with no User (to test the upgrade).
CREATE (t:ApiToken {
  id: $id,
  hash: $hash,
  user: $user,
  roles: $roles,
  description: null,
  createdBy: 'admin',
  createdAt: datetime(),
  revokedAt: null
})
RETURN t.id AS id
