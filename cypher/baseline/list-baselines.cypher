// Baselines newest first (then by name), after the cursor ($afterTakenAt, $afterName; both null =
// from the newest), up to $limit.
MATCH (b:Baseline)
WHERE $afterTakenAt IS NULL
   OR b.takenAt < datetime($afterTakenAt)
   OR (b.takenAt = datetime($afterTakenAt) AND b.name > $afterName)
RETURN b { .* } AS baseline
ORDER BY b.takenAt DESC, b.name
LIMIT $limit
