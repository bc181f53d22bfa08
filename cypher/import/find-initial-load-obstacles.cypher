// What stops an initial load (`import --initial`, which replaces the database): every node but
// those any fresh store holds (its migrations, its identity, the built-in catalogue as the
// product wrote it), counted by label, the most numerous first. No row: the store is empty.
MATCH (n)
WHERE NOT n:SchemaMigration
  AND NOT n:StoreIdentity
  AND NOT ((n:CIType OR n:RelationshipType) AND n.builtIn = true AND n.updatedBy = $catalogueActor)
  AND NOT (n:AuditEntry AND n.actor = $catalogueActor)
RETURN labels(n)[0] AS label, count(*) AS count
ORDER BY count DESC, label
LIMIT 10
