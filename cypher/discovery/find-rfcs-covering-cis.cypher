// The RFCs that may authorize a change to the CIs with $ciIds: APPROVED, SCHEDULED, IMPLEMENTED
// or CLOSED from IMPLEMENTED, touching one of them. Returns each with its state, when it was
// implemented and its operations (JSON text); none gives no row.
MATCH (o:Rfc)
WHERE (o.state IN ['APPROVED', 'SCHEDULED', 'IMPLEMENTED'] OR o.closedFrom = 'IMPLEMENTED')
  AND any(x IN o.touchedCiIds WHERE x IN $ciIds)
RETURN o.id AS id, o.state AS state, o.attemptedAt AS attemptedAt, o.operations AS operations
