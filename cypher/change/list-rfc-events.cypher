// The history of each RFC of $ids, oldest first.
MATCH (r:Rfc)-[:HAS_EVENT]->(e:RfcEvent)
WHERE r.id IN $ids
RETURN e { .* } AS event
ORDER BY e.at, e.seq
