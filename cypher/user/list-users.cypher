// Returns every user by name; deactivated ones too when $includeDeactivated.
MATCH (u:User)
WHERE $includeDeactivated OR u.deactivatedAt IS NULL
RETURN u { .id, .name, .displayName, .roles, .createdBy, .createdAt, .deactivatedAt, .deactivatedBy } AS user
ORDER BY u.name
