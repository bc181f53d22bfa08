// The audit trail is read by actor.
CREATE INDEX audit_entry_actor IF NOT EXISTS
FOR (e:AuditEntry) ON (e.actor)
