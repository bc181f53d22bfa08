// Returns every relationship type, by name; no rows on an empty catalogue.
MATCH (t:RelationshipType)
RETURN t { .name, .inverseName, .dependent, .allowedSourceTypes, .allowedTargetTypes, .description, .membership,
           .builtIn, .revision, .createdAt, .updatedAt, .updatedBy } AS type
ORDER BY t.name
