// Records that each of $migrations ({id, checksum}) is applied, in one statement: a store built
// by `import --initial` gets every record at once (its schema run in one transaction before).
// Running it again changes nothing.
UNWIND $migrations AS migration
MERGE (m:SchemaMigration {id: migration.id})
  ON CREATE SET m.checksum = migration.checksum, m.appliedAt = datetime()
RETURN count(m) AS recorded
