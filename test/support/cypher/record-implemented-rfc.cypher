// Test harness only: an RFC implemented now that touched the CI with key $key (what an
// implementation leaves behind, without its approvals).
MATCH (c:CI {key: $key})
CREATE (r:Rfc {id: randomUUID(), number: 9000, state: 'IMPLEMENTED', touchedCiIds: [c.id],
               attemptedAt: datetime()})
RETURN r.id AS id
