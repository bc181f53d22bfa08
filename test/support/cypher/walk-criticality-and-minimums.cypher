// Test only: the criticality and redundancy group minimums graphcmdb.impact.walk reads for the CIs
// it reaches from $rootKey, asked three ways (each makes the walk read differently: ADR 020
// decisions 4 and 9): yielding keys and criticality without group types (text, no minimum),
// yielding only groups and their minimums (the minimum, no text), and yielding every column.
CALL graphcmdb.impact.walk([], [$rootKey], $incoming, $outgoing, [], [], 25, 1000, null)
YIELD keys, criticality
WITH collect([keys, criticality]) AS textOnly
CALL {
  CALL graphcmdb.impact.walk([], [$rootKey], $incoming, $outgoing, $groupIsTarget,
                             $groupIsSource, 25, 1000, null)
  YIELD groups, groupMinimum, groupMembers
  RETURN collect([groups, groupMinimum, groupMembers]) AS minimumOnly
}
CALL {
  CALL graphcmdb.impact.walk([], [$rootKey], $incoming, $outgoing, $groupIsTarget,
                             $groupIsSource, 25, 1000, null)
  YIELD ids, keys, ciTypes, criticality, distance, parent, parentType, reachedThrough, causeCount,
        causes, causeTypes, groups, groupMinimum, groupMembers, truncated
  RETURN collect([keys, criticality]) AS allText,
         collect([groups, groupMinimum, groupMembers]) AS allMinimum
}
RETURN textOnly, minimumOnly, allText, allMinimum
