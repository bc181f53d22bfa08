// Returns every CI type (attributes as JSON text), by name; no rows on an empty catalogue.
MATCH (t:CIType)
RETURN t { .name, .parent, .description, .attributes, .builtIn, .revision, .createdAt, .updatedAt, .updatedBy } AS type
ORDER BY t.name
