// One more run of $source that did not see its other relationships (signatures not in
// $signatures). Returns how many were not seen and how many of the source's are stale now.
MATCH (r:DiscoveredRelationship {source: $source})
WHERE NOT r.signature IN $signatures
SET r.missedRuns = r.missedRuns + 1
SET r.stale = r.missedRuns >= $staleAfterRuns
RETURN count(r) AS notSeen, count(CASE WHEN r.stale THEN 1 END) AS stale
