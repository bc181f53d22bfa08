// Test only: impact/count-impacted-by-distance's count (CIs the walk from $rootKey reaches at each
// distance, the root left out), asked twice of graphcmdb.impact.walk: yielding only the distances
// (the walk then reads no CI's id, key or type and keeps no edges) and yielding every column.
CALL graphcmdb.impact.walk([], [$rootKey], $incoming, $outgoing, [], [], $maxDepth, $nodeCap, null)
YIELD distance, truncated
UNWIND distance AS d
WITH d, truncated
WHERE d > 0
WITH d, count(*) AS lean, max(truncated) AS leanTruncated
ORDER BY d
WITH collect([d, lean]) AS lean, max(leanTruncated) AS leanTruncated
CALL {
  CALL graphcmdb.impact.walk([], [$rootKey], $incoming, $outgoing, [], [], $maxDepth, $nodeCap,
                             null)
  YIELD ids, keys, ciTypes, criticality, distance, parent, parentType, reachedThrough, causeCount,
        causes, causeTypes, groups, groupMinimum, groupMembers, truncated
  WITH distance, truncated,
       size(ids) + size(keys) + size(ciTypes) + size(criticality) + size(parent) +
       size(parentType) + size(reachedThrough) + size(causeCount) + size(causes) +
       size(causeTypes) + size(groups) + size(groupMinimum) + size(groupMembers) AS cells
  UNWIND distance AS d
  WITH d, truncated, cells
  WHERE d > 0
  WITH d, count(*) AS full, max(truncated) AS fullTruncated, sum(cells) AS cells
  ORDER BY d
  RETURN collect([d, full]) AS full, max(fullTruncated) AS fullTruncated, sum(cells) AS cells
}
RETURN lean, leanTruncated, full, fullTruncated, cells
