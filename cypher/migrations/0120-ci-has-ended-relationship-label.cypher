// Labels HasEndedRelationship every CI that is an end of an ended relationship (one carrying
// validTo), as remove-relationship.cypher now does when it ends one: the walk procedure reads a
// relationship's properties (to skip ended ones) only on CIs with that label (ADR 020), so a
// store written before the label needs it on every such CI. In transactions of 10,000 (a
// migration runs auto-commit). Idempotent: SET adds the label only IF NOT EXISTS on the node
// (setting it twice is a no-op), so a start interrupted half-way finishes it on the next one.
MATCH (a:CI)-[r]->(b:CI)
WHERE r.validTo IS NOT NULL
CALL (a, b) {
  SET a:HasEndedRelationship, b:HasEndedRelationship
} IN TRANSACTIONS OF 10000 ROWS
