// Benchmark only: the walk of count-impacted-from-keys.cypher made as the product's analyses make
// it (graphcmdb.impact.analyse: every CI's id, key, type, criticality, parent, types and level
// read, levels propagated), counted per distance (the roots left out) on the server.
CALL graphcmdb.impact.analyse([], $rootKeys, $incoming, $outgoing, [], [], [], true, $maxDepth,
                              $nodeCap)
YIELD ids, keys, ciTypes, criticality, distance, parent, parentType, through, level
WITH distance,
     size(ids) + size(keys) + size(ciTypes) + size(criticality) + size(parent) +
     size(parentType) + size(through) + size(level) AS cells
UNWIND distance AS d
WITH d, cells
WHERE d > 0
RETURN d AS distance, count(*) AS cis, sum(cells) AS cells
