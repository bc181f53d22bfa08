// The whole impact walk in one call to graph-cmdb's procedure (neo4j-embedded/, registered by
// the embedded Neo4j; a server with the jar in its plugins has it too): breadth-first from the
// CIs with ids $rootIds or keys $rootKeys, along incoming relationships of the types in
// $incoming and outgoing ones of the types in $outgoing, in force now, never into a retired CI,
// to $maxDepth levels, at most $nodeCap CIs past the roots, stopping at the level that reaches
// $target (when not null). One row per CI reached, roots first (distance 0); redundancy groups
// count their members along $groupIsTarget / $groupIsSource.
CALL graphcmdb.impact.walk($rootIds, $rootKeys, $incoming, $outgoing, $groupIsTarget,
                           $groupIsSource, $maxDepth, $nodeCap, $target)
YIELD id, key, ciType, criticality, minimumMembers, totalMembers, distance, parent, parentType,
      reachedThrough, causes, causeTypes, truncated
RETURN id, key, ciType, criticality, minimumMembers, totalMembers, distance, parent, parentType,
       reachedThrough, causes, causeTypes, truncated
