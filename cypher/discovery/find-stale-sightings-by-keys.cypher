// Of the CIs with keys $keys, those $source reports no longer past its staleness threshold and
// not RETIRED, with the other sources that still report them (not stale). Others give no row.
UNWIND $keys AS key
MATCH (s:DiscoverySighting {source: $source, ciKey: key})
WHERE s.stale = true
MATCH (c:CI {id: s.ciId})
WHERE c.lifecycle <> 'RETIRED'
OPTIONAL MATCH (o:DiscoverySighting {ciKey: key})
WHERE o.source <> $source AND o.stale = false
WITH s, c, collect(o.source) AS reportedBy
RETURN c.id AS ciId, c.key AS ciKey, c.name AS name, c.type AS type, c.lifecycle AS lifecycle,
       c.revision AS revision, s.lastSeen AS lastSeen, s.missedRuns AS missedRuns,
       reportedBy
ORDER BY ciKey
