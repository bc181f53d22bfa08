// The audit trail is read by period, newest first.
CREATE INDEX audit_entry_at IF NOT EXISTS
FOR (e:AuditEntry) ON (e.at)
