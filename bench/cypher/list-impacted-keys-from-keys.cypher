// Benchmark only: the walk of count-impacted-from-keys.cypher returning what GraphQL's whole
// answer (`impacted { distance configurationItem { key } }`) returns: every CI's key and
// distance (the roots' too, at distance 0), in the procedure's own rows of up to 64 CIs, through
// neo4j-driver. The second divisor of GraphQL ÷ walk: the walk that ships the keys.
CALL graphcmdb.impact.walk([], $rootKeys, $incoming, $outgoing, [], [], $maxDepth, $nodeCap, null)
YIELD keys, distance
RETURN keys, distance
