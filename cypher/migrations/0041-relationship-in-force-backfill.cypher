// Backfills the signature node of every relationship in force written before 0040, in
// transactions of 10,000 (a migration runs auto-commit). Idempotent: MERGE creates a signature
// node only IF NOT EXISTS, so a start interrupted half-way finishes it on the next one.
MATCH (a:CI)-[r]->(b:CI)
WHERE r.validTo IS NULL AND r.id IS NOT NULL
CALL (a, r, b) {
  MERGE (s:RelationshipInForce {signature: a.id + '|' + type(r) + '|' + b.id})
  ON CREATE SET s.id = r.id
} IN TRANSACTIONS OF 10000 ROWS
