// How many CIs the walk from the CI keyed $rootKey reaches at each distance (the root left out),
// along incoming relationships of the types in $incoming and outgoing ones of the types in
// $outgoing, to $maxDepth levels: the question a recursive CTE over an edge table answers, asked
// of the walk inside Neo4j (the benchmark sets the two side by side).
CALL graphcmdb.impact.walk([], [$rootKey], $incoming, $outgoing, [], [], $maxDepth, $nodeCap, null)
YIELD distance
UNWIND distance AS d
WITH d
WHERE d > 0
RETURN d AS distance, count(*) AS cis
ORDER BY distance
