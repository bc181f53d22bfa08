// A target's audit trail, newest first, read in the index's order (ADR 016).
CREATE INDEX audit_entry_target_at IF NOT EXISTS
FOR (e:AuditEntry) ON (e.targetId, e.at)
