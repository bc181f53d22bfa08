// Adds one relationship snapshot per row ({relationshipId, type, fromId, toId, fromKey, toKey})
// to baseline $id.
MATCH (b:Baseline {id: $id})
UNWIND $rows AS row
CREATE (b)-[:HAS_LINK]->(l:BaselineLink)
SET l = row
RETURN count(l) AS added
