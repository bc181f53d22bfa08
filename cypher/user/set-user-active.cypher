// Deactivates ($active false: keeps the first instant and who did it) or reactivates ($active
// true) the user $name; returns it, or no row when no user has that name.
MATCH (u:User {name: $name})
SET u.deactivatedAt = CASE WHEN $active THEN null ELSE coalesce(u.deactivatedAt, datetime($now)) END,
    u.deactivatedBy = CASE WHEN $active THEN null ELSE coalesce(u.deactivatedBy, $by) END
RETURN u { .id, .name, .displayName, .roles, .createdBy, .createdAt, .deactivatedAt, .deactivatedBy } AS user
