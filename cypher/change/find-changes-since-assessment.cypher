// What moved under an assessment: CIs of $revisions (a list of {id, revision, relRevision}) now
// at another revision, whose relationships were added or removed since (another relationship
// revision), or gone; up to $limit, with the relationships at them that started or ended after
// $at (ISO date-time) as detail.
UNWIND $revisions AS row
OPTIONAL MATCH (c:CI {id: row.id})
WITH row, c
WHERE c IS NULL OR c.revision <> row.revision OR coalesce(c.relRevision, 0) <> row.relRevision
WITH row, c
LIMIT $limit
CALL (c) {
  MATCH (c)-[r]-(o:CI)
  WHERE r.validFrom > datetime($at) OR r.validTo > datetime($at)
  RETURN collect({type: type(r), fromKey: startNode(r).key, toKey: endNode(r).key,
                  removed: r.validTo IS NOT NULL})[0..10] AS relationships
}
RETURN row.id AS id, c.key AS key, row.revision AS assessed, c.revision AS now,
       row.relRevision <> coalesce(c.relRevision, 0) AS relationshipsChanged, relationships
