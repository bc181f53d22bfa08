// The open RFCs (DRAFT to SCHEDULED: not yet implemented, rejected, closed or cancelled) that
// touch one of the CIs with $ciIds, with their number, state and operations (JSON text, matched
// in code for RETIRE_CI). None gives no row.
MATCH (o:Rfc)
WHERE o.state IN ['DRAFT', 'SUBMITTED', 'ASSESSED', 'APPROVED', 'SCHEDULED']
  AND any(x IN o.touchedCiIds WHERE x IN $ciIds)
RETURN o.id AS id, o.number AS number, o.state AS state, o.operations AS operations
ORDER BY o.number
