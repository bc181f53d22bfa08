// The relationships in force leaving each CI of $ids, with both ends' id, key, type, lifecycle.
UNWIND $ids AS id
MATCH (a:CI {id: id})-[r]->(b:CI)
WHERE r.validTo IS NULL
RETURN type(r) AS type,
       a { .id, .key, .type, .lifecycle } AS from,
       b { .id, .key, .type, .lifecycle } AS to
