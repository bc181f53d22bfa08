// The whole impact walk in one call to graph-cmdb's procedure (neo4j-embedded/, registered by
// the embedded Neo4j at start): breadth-first from the
// CIs with ids $rootIds or keys $rootKeys, along incoming relationships of the types in
// $incoming and outgoing ones of the types in $outgoing, in force now, never into a retired CI,
// to $maxDepth levels, at most $nodeCap CIs past the roots, stopping at the level that reaches
// $target (when not null). Rows of parallel lists, 64 CIs each, from walk index `first`: each CI
// reached (roots first, distance 0, then in discovery order) with its distance, parent (a walk
// index, -1 for a root), the types that reached it and every walk edge into it; the redundancy
// groups among them (counting members along $groupIsTarget / $groupIsSource).
CALL graphcmdb.impact.walk($rootIds, $rootKeys, $incoming, $outgoing, $groupIsTarget,
                           $groupIsSource, $maxDepth, $nodeCap, $target)
YIELD first, ids, keys, ciTypes, criticality, distance, parent, parentType, reachedThrough,
      causeCount, causes, causeTypes, groups, groupMinimum, groupMembers, truncated
RETURN first, ids, keys, ciTypes, criticality, distance, parent, parentType, reachedThrough,
       causeCount, causes, causeTypes, groups, groupMinimum, groupMembers, truncated
