// Open RFCs (collisions, the change calendar) and failed ones (risk) are found by state.
CREATE INDEX rfc_state IF NOT EXISTS
FOR (r:Rfc) ON (r.state)
