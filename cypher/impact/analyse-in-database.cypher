// The impact walk with each CI's impact level, in one call to graph-cmdb's walk plugin
// (graphcmdb.impact.analyse): the walk of walk-in-database.cypher, then the propagation of levels
// (DEPENDENTS when $dependents: what a change or failure of the roots hits; else what the roots
// need), redundancy groups counting their members along $groupIsTarget / $groupIsSource and the
// $membership types. Rows of parallel lists, 64 CIs each, from walk index `first`: each CI
// reached (roots first, distance 0) with its distance, parent (a walk index, -1 for a root), the
// number of its parent relationship's type and a mask of the types that reached it (types
// numbered by their place in $incoming then $outgoing) and its level (3 DOWN, 2 DEGRADED,
// 1 AT_RISK). No walk edges.
CALL graphcmdb.impact.analyse($rootIds, $rootKeys, $incoming, $outgoing, $groupIsTarget,
                              $groupIsSource, $membership, $dependents, $maxDepth, $nodeCap)
YIELD first, ids, keys, ciTypes, criticality, distance, parent, parentType, through, level,
      truncated
RETURN first, ids, keys, ciTypes, criticality, distance, parent, parentType, through, level,
       truncated
