// What moved under an assessment: CIs of $revisions (a list of {id, revision}) now at another
// revision (or gone), and relationships at those CIs added or ended after $at. Up to $limit each.
CALL {
  UNWIND $revisions AS row
  OPTIONAL MATCH (c:CI {id: row.id})
  WITH row, c
  WHERE c IS NULL OR c.revision <> row.revision
  RETURN collect({id: row.id, key: c.key, assessed: row.revision, now: c.revision})[0..$limit] AS cis
}
CALL {
  UNWIND $revisions AS row
  MATCH (c:CI {id: row.id})-[r]-(o:CI)
  WHERE r.validFrom > datetime($at) OR r.validTo > datetime($at)
  WITH DISTINCT r, startNode(r) AS a, endNode(r) AS b
  RETURN collect({id: r.id, type: type(r), fromKey: a.key, toKey: b.key,
                  removed: r.validTo IS NOT NULL})[0..$limit] AS relationships
}
RETURN cis, relationships
