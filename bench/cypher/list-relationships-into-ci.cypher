// Benchmark only: up to 2,000 relationships in force into the CI $id, as (fromId, toId, type).
MATCH (a:CI)-[r]->(b:CI {id: $id})
WHERE r.validTo IS NULL
RETURN a.id AS fromId, b.id AS toId, type(r) AS type
LIMIT 2000
