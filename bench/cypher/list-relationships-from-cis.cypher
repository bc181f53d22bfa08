// Benchmark only: up to 2,000 relationships in force leaving the CIs $ids, as (fromId, toId, type).
UNWIND $ids AS id
MATCH (a:CI {id: id})-[r]->(b:CI)
WHERE r.validTo IS NULL
RETURN a.id AS fromId, b.id AS toId, type(r) AS type
LIMIT 2000
