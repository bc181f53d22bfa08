// Every baseline, newest first.
MATCH (b:Baseline)
RETURN b { .* } AS baseline
ORDER BY b.takenAt DESC, b.name
LIMIT $limit
