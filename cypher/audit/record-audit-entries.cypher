// Appends one audit entry per row ({id, operation, targetType, targetId, targetKey, before,
// after}: before/after as JSON text or null), all with the same time, actor, issuer of the
// actor's credential and RFC. Entries are only ever created: no statement updates or deletes them.
UNWIND $rows AS row
CREATE (e:AuditEntry)
SET e = row,
    e.at = datetime($now),
    e.actor = $actor,
    e.issuedBy = $issuedBy,
    e.rfcId = $rfcId,
    e.reason = $reason
RETURN count(e) AS recorded
