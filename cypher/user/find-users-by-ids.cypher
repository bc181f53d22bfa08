// Returns the users whose ids are in $ids; ids of no user give no row.
MATCH (u:User)
WHERE u.id IN $ids
RETURN u { .id, .name, .displayName, .roles, .createdBy, .createdAt, .deactivatedAt, .deactivatedBy } AS user
