// Records how many CIs and relationships baseline $id holds.
MATCH (b:Baseline {id: $id})
SET b.ciCount = $ciCount, b.relationshipCount = $relationshipCount
RETURN b { .* } AS baseline
