// The relationships leaving each CI of $ids that were in force at $at (ISO date-time), with
// their ends' ids (the caller keeps those whose other end is in its set).
UNWIND $ids AS id
MATCH (a:CI {id: id})-[r]->(b:CI)
WHERE r.validFrom <= datetime($at)
  AND (r.validTo IS NULL OR r.validTo > datetime($at))
RETURN r.id AS id, type(r) AS type, a.id AS fromId, b.id AS toId
