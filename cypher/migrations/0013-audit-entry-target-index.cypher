// The audit trail is read by target (a CI, an RFC, a type ...).
CREATE INDEX audit_entry_target IF NOT EXISTS
FOR (e:AuditEntry) ON (e.targetId)
