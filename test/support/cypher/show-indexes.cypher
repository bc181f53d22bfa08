// Test harness only: the store's indexes but the two built-in token lookups, by name, with their
// state and options, to compare two stores.
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, options
WHERE type <> 'LOOKUP'
RETURN name, type, entityType, labelsOrTypes, properties, state, options.indexConfig AS config
ORDER BY name
