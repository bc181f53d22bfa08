// Records each row ({id, ciId, ciKey, changes: JSON text, relationships: JSON text, held}) as an
// open unauthorized change seen by $source at $now. Returns how many.
UNWIND $rows AS row
CREATE (u:UnauthorizedChange {
  id: row.id, ciId: row.ciId, ciKey: row.ciKey, source: $source, detectedAt: datetime($now),
  changes: row.changes, relationshipChanges: row.relationships, held: row.held, status: 'OPEN',
  rfcId: null
})
RETURN count(u) AS recorded
