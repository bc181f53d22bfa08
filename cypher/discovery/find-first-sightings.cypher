// Which source saw each CI key of $keys first (any source; ties by source name): the source that
// keeps a key written before keys named their cluster or workspace. A key never seen gives no row.
UNWIND $keys AS key
MATCH (s:DiscoverySighting {ciKey: key})
WITH key, s
ORDER BY s.firstSeen, s.source
WITH key, collect(s.source)[0] AS source
RETURN key, source
