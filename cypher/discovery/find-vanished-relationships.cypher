// The relationships $source reported on its last run (missedRuns 0) and does not report now
// (signature not in $signatures) that are still in force with a PRODUCTION end: candidates for
// an unauthorized disappearance. Returns the ends (id, key, PRODUCTION or not), the type and
// when the source last saw it; none gives no row.
MATCH (d:DiscoveredRelationship {source: $source})
WHERE d.missedRuns = 0 AND NOT d.signature IN $signatures
MATCH (a:CI {key: d.from})-[r]->(b:CI {key: d.to})
WHERE type(r) = d.type AND r.validTo IS NULL
  AND (a.lifecycle = 'PRODUCTION' OR b.lifecycle = 'PRODUCTION')
RETURN DISTINCT d.from AS from, d.type AS type, d.to AS to, a.id AS fromId, b.id AS toId,
       a.lifecycle = 'PRODUCTION' AS fromProduction, d.lastSeen AS lastSeen
ORDER BY from, type, to
