// The CI snapshots of baseline $id.
MATCH (:Baseline {id: $id})-[:HAS_ITEM]->(i:BaselineItem)
RETURN i { .* } AS item
