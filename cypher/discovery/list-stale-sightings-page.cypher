// One page of the CIs $source reported before and reports no longer past its staleness
// threshold (stale sightings), by key, after the key $after when given; RETIRED CIs left out.
// Each with when the source last saw it, the runs it missed, the CI's revision and the other
// sources that still report it (not stale).
MATCH (s:DiscoverySighting {source: $source})
WHERE s.stale = true AND ($after IS NULL OR s.ciKey > $after)
MATCH (c:CI {id: s.ciId})
WHERE c.lifecycle <> 'RETIRED'
OPTIONAL MATCH (o:DiscoverySighting {ciKey: s.ciKey})
WHERE o.source <> $source AND o.stale = false
WITH s, c, collect(o.source) AS reportedBy
RETURN c.id AS ciId, c.key AS ciKey, c.name AS name, c.type AS type, c.lifecycle AS lifecycle,
       c.revision AS revision, s.lastSeen AS lastSeen, s.missedRuns AS missedRuns,
       reportedBy
ORDER BY ciKey
LIMIT $limit
