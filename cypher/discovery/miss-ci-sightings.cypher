// One more run of $source that did not see its other CIs (keys not in $keys): each missed
// sighting counts the run, and is stale from $staleAfterRuns missed runs on. Returns how many
// were not seen and how many of the source's sightings are stale now.
MATCH (s:DiscoverySighting {source: $source})
WHERE NOT s.ciKey IN $keys
SET s.missedRuns = s.missedRuns + 1
SET s.stale = s.missedRuns >= $staleAfterRuns
RETURN count(s) AS notSeen, count(CASE WHEN s.stale THEN 1 END) AS stale
