// A page of the CI snapshots of baseline $id by key, after the key $after (null: from the first),
// up to $limit; no row when the baseline holds none past it.
MATCH (:Baseline {id: $id})-[:HAS_ITEM]->(i:BaselineItem)
WHERE $after IS NULL OR i.key > $after
RETURN i { .* } AS item
ORDER BY i.key
LIMIT $limit
