// Test harness only: deletes every node but the schema-migration records and the test marker.
MATCH (n)
WHERE NOT n:SchemaMigration AND NOT n:GraphCmdbTestMarker
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
