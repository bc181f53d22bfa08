// The relationship snapshots of baseline $id.
MATCH (:Baseline {id: $id})-[:HAS_LINK]->(l:BaselineLink)
RETURN l { .* } AS link
