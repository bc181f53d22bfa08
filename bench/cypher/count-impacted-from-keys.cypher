// Benchmark only: how many CIs the walk from the CIs keyed $rootKeys reaches at each distance
// (the roots left out), along incoming relationships of the types in $incoming and outgoing ones
// of the types in $outgoing, to $maxDepth levels: the bare walk, which GraphQL's answer is set
// against (a change set of several CIs as well as one).
CALL graphcmdb.impact.walk([], $rootKeys, $incoming, $outgoing, [], [], $maxDepth, $nodeCap, null)
YIELD distance
UNWIND distance AS d
WITH d
WHERE d > 0
RETURN d AS distance, count(*) AS cis
ORDER BY distance
