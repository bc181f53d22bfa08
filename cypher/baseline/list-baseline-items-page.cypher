// A page of the CI snapshots of baseline $id, by key.
MATCH (:Baseline {id: $id})-[:HAS_ITEM]->(i:BaselineItem)
RETURN i { .* } AS item
ORDER BY i.key
SKIP $offset
LIMIT $limit
