// Test harness only: makes CI $key look created $days days ago (the STALE rule counts from then).
MATCH (c:CI {key: $key})
SET c.createdAt = datetime() - duration({days: $days})
RETURN c.key AS key
