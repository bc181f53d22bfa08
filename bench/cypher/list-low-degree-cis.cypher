// Benchmark only: up to 1,000 CIs with 1 to 10 relationships, with their degree.
MATCH (ci:CI)
WITH ci, COUNT { (ci)-[r]-(:CI) } AS degree
WHERE degree > 0 AND degree <= 10
RETURN ci.id AS id, degree
LIMIT 1000
