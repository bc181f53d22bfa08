// Which of graph-cmdb's walk plugin procedures this Neo4j has (none: a Neo4j without the
// graph-cmdb-walk jar in its plugins/ folder, e.g. Aura): one row, `names` possibly empty.
SHOW PROCEDURES YIELD name
WHERE name IN ['graphcmdb.impact.walk', 'graphcmdb.plugin.version']
RETURN collect(name) AS names
