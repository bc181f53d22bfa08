// The audit trail is filtered by who issued the caller's credential (auditTrail's issuedBy).
CREATE INDEX audit_entry_issued_by IF NOT EXISTS
FOR (e:AuditEntry) ON (e.issuedBy)
