// The baselines with these ids or names (those that exist).
MATCH (b:Baseline)
WHERE b.id IN $refs OR b.name IN $refs
RETURN b { .* } AS baseline
