// Records that the migration $id ran; returns the record. Running it again changes nothing.
MERGE (m:SchemaMigration {id: $id})
  ON CREATE SET m.checksum = $checksum, m.appliedAt = datetime()
RETURN m.id AS id, m.checksum AS checksum
