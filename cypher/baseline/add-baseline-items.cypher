// Adds one CI snapshot per row ({ciId, key, type, revision, state: JSON text}) to baseline $id.
MATCH (b:Baseline {id: $id})
UNWIND $rows AS row
CREATE (b)-[:HAS_ITEM]->(i:BaselineItem)
SET i = row
RETURN count(i) AS added
