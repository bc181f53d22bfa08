// Test harness only: an APPROVED RFC, not yet implemented, proposing $operations (JSON text) on
// the CIs with keys $keys (what an approval leaves behind, without its assessment).
MATCH (c:CI)
WHERE c.key IN $keys
WITH collect(c.id) AS ids
CREATE (r:Rfc {id: randomUUID(), number: 9001, state: 'APPROVED', touchedCiIds: ids,
               operations: $operations})
RETURN r.id AS id
