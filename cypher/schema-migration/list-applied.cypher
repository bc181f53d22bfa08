// Returns one row per schema migration already applied (id = file name, checksum), in order;
// no rows on a database that has never been migrated.
MATCH (m:SchemaMigration)
RETURN m.id AS id, m.checksum AS checksum
ORDER BY id
