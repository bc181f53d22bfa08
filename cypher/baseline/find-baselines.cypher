// The baselines with these ids, or with these names (those that exist).
MATCH (b:Baseline)
WHERE b.id IN $ids OR b.name IN $names
RETURN b { .* } AS baseline
