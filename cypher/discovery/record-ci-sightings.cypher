// Source $source saw the CIs of $rows ({key, id}) at $now: seen again, not stale. Marks each CI
// verified (without a new revision: seeing it changes nothing of it). Returns how many.
UNWIND $rows AS row
MERGE (s:DiscoverySighting {source: $source, ciKey: row.key})
  ON CREATE SET s.firstSeen = datetime($now)
SET s.ciId = row.id, s.lastSeen = datetime($now), s.missedRuns = 0, s.stale = false
WITH row
MATCH (c:CI {id: row.id})
SET c.verifiedAt = datetime($now), c.verifiedBy = $actor
RETURN count(*) AS seen
