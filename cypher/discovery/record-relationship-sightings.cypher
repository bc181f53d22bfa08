// Source $source saw the relationships of $rows ({signature, from, type, to}) at $now. Returns how many.
UNWIND $rows AS row
MERGE (r:DiscoveredRelationship {source: $source, signature: row.signature})
  ON CREATE SET r.firstSeen = datetime($now), r.from = row.from, r.type = row.type, r.to = row.to
SET r.lastSeen = datetime($now), r.missedRuns = 0, r.stale = false
RETURN count(*) AS seen
