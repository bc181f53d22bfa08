// Returns the relationships in force leaving each CI whose id is in $ids, as keys and type.
UNWIND $ids AS id
MATCH (a:CI {id: id})-[r]->(b:CI)
WHERE r.validTo IS NULL
RETURN a.key AS from, type(r) AS type, b.key AS to
ORDER BY from, type, to
