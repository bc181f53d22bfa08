// Test harness only: marks a database as one the tests may wipe.
MERGE (m:GraphCmdbTestMarker {id: 'graph-cmdb-tests'})
  ON CREATE SET m.createdAt = datetime()
RETURN m.id AS id
