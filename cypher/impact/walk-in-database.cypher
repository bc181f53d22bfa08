// The whole impact walk in one call to graph-cmdb's procedure (neo4j-embedded/, registered by
// the embedded Neo4j at start): breadth-first from the
// CIs with ids $rootIds or keys $rootKeys, along incoming relationships of the types in
// $incoming and outgoing ones of the types in $outgoing, in force now, never into a retired CI,
// to $maxDepth levels, at most $nodeCap CIs past the roots, stopping at the level that reaches
// $target (when not null). One row of parallel lists: each CI reached (roots first, distance
// 0, then in discovery order) with its distance, parent (an index, -1 for a root) and the types
// that reached it; every walk edge by index; redundancy groups (counting members along
// $groupIsTarget / $groupIsSource) with their minimum and members in force.
CALL graphcmdb.impact.walk($rootIds, $rootKeys, $incoming, $outgoing, $groupIsTarget,
                           $groupIsSource, $maxDepth, $nodeCap, $target)
YIELD ids, keys, ciTypes, criticality, distance, parent, parentType, reachedThrough, groups,
      groupMinimum, groupMembers, edgeFrom, edgeTo, edgeType, truncated
RETURN ids, keys, ciTypes, criticality, distance, parent, parentType, reachedThrough, groups,
       groupMinimum, groupMembers, edgeFrom, edgeTo, edgeType, truncated
