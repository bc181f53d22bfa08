// For each row ({index, fromId, toId, type}), returns the id of the current relationship of
// that type from one CI to the other; rows with none give no row. It expands from the source
// CI only (its outgoing relationships of that type; the target is tested on the relationship,
// so the planner cannot start from it): the target may be a super-node (DNS, a shared database)
// with hundreds of thousands of dependents.
UNWIND $rows AS row
MATCH (a:CI {id: row.fromId})-[r:$(row.type)]->()
WHERE endNode(r).id = row.toId AND r.validTo IS NULL
RETURN row.index AS index, r.id AS id
