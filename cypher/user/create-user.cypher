// Stores a new user (active) and returns it; always one row. The name is unique (migration
// 0051): a second user of the same name fails the constraint.
CREATE (u:User {
  id: $id,
  name: $name,
  displayName: $displayName,
  roles: $roles,
  createdBy: $createdBy,
  createdAt: datetime($now),
  deactivatedAt: null,
  deactivatedBy: null
})
RETURN u { .id, .name, .displayName, .roles, .createdBy, .createdAt, .deactivatedAt, .deactivatedBy } AS user
