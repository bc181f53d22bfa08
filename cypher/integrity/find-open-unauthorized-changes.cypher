// The CIs with an open unauthorized change (found by discovery, no retrospective RFC yet): each
// CI once, with how many and the sources that found them.
MATCH (u:UnauthorizedChange {status: 'OPEN'})
MATCH (c:CI {id: u.ciId})
WITH c, count(u) AS open, collect(DISTINCT u.source) AS sources
RETURN c.id AS ciId, c.key AS key, c.type AS type, open, sources
ORDER BY key
