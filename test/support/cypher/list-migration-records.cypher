// Test harness only: the schema-migration records, in order (id and checksum).
MATCH (m:SchemaMigration)
RETURN m.id AS id, m.checksum AS checksum
ORDER BY id
