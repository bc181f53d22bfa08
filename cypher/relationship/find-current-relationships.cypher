// For each row ({index, fromId, toId, type}), returns the id of the current relationship of
// that type from one CI to the other; rows with none give no row.
UNWIND $rows AS row
MATCH (a:CI {id: row.fromId})-[r:$(row.type)]->(b:CI {id: row.toId})
WHERE r.validTo IS NULL
RETURN row.index AS index, r.id AS id
