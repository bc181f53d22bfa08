// An audit entry is addressed by its server-made UUID (the cursor of the audit trail).
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS
FOR (e:AuditEntry) REQUIRE e.id IS UNIQUE
