// The walk plugin's version, the Neo4j version it was built against, and this Neo4j's version:
// one row (only asked when graphcmdb.plugin.version exists).
CALL graphcmdb.plugin.version() YIELD version, neo4jVersion
CALL dbms.components() YIELD name, versions
WHERE name = 'Neo4j Kernel'
RETURN version, neo4jVersion AS builtFor, versions[0] AS running
