// When $source last saw each CI of $keys before this run; a key it never saw gives no row.
UNWIND $keys AS key
MATCH (s:DiscoverySighting {source: $source, ciKey: key})
RETURN s.ciKey AS key, s.lastSeen AS lastSeen
