// For each row ({index, fromId, toId, type}), returns the id of the relationship of that type
// in force from one CI to the other, and the import that created it (null if none did); rows
// with none give no row. One unique-index seek per row on the relationship's signature node,
// so the cost is the same whatever the degree of either end (a super-node with 500k
// dependents included).
UNWIND $rows AS row
MATCH (s:RelationshipInForce {signature: row.fromId + '|' + row.type + '|' + row.toId})
// without the hint the planner cannot tell the concatenation is a string, and scans the label
USING INDEX s:RelationshipInForce(signature)
RETURN row.index AS index, s.id AS id, s.importId AS importId
