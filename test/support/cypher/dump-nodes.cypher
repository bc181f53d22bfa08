// Test harness only: every node of the CMDB as {labels, props}, but the harness's marker and
// what each store makes for itself (its migration records, its identity), to compare two stores.
MATCH (n)
WHERE NOT n:SchemaMigration AND NOT n:StoreIdentity AND NOT n:GraphCmdbTestMarker
RETURN labels(n) AS labels, properties(n) AS props
