// The analysis of analyse-in-database.cypher (the impact walk with each CI's impact level, in
// one call to graph-cmdb's walk plugin), each column of a row of up to 4096 CIs packed in one
// string (graphcmdb.impact.analysePacked; the encoding: PackedAnalysis.java): ids and keys
// concatenated with their lengths beside them, CI types as numbers into the row's `typeNames`,
// numbers as fixed-width digits of 15 bits. A dozen values a row for the driver to decode.
CALL graphcmdb.impact.analysePacked($rootIds, $rootKeys, $incoming, $outgoing, $groupIsTarget,
                                    $groupIsSource, $membership, $dependents, $maxDepth,
                                    $nodeCap)
YIELD first, count, ids, idLengths, keys, keyLengths, typeNames, ciTypes, criticality, distance,
      parent, parentType, through, level, truncated
RETURN first, count, ids, idLengths, keys, keyLengths, typeNames, ciTypes, criticality, distance,
       parent, parentType, through, level, truncated
