// Whether this Neo4j has graph-cmdb's impact walk procedure (the embedded Neo4j registers it;
// an external server has it only with the neo4j-embedded jar in its plugins).
SHOW PROCEDURES YIELD name
WHERE name = 'graphcmdb.impact.walk'
RETURN count(*) AS found
