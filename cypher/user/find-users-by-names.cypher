// Returns the users whose canonical names are in $names; names of no user give no row.
MATCH (u:User)
WHERE u.name IN $names
RETURN u { .id, .name, .displayName, .roles, .createdBy, .createdAt, .deactivatedAt, .deactivatedBy } AS user
