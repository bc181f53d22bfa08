// Sets the display name and roles of the user $name; returns it, or no row when no user has
// that name.
MATCH (u:User {name: $name})
SET u.displayName = $displayName,
    u.roles = $roles
RETURN u { .id, .name, .displayName, .roles, .createdBy, .createdAt, .deactivatedAt, .deactivatedBy } AS user
