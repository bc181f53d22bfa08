// Like list-audit-entries (same rows), for a non-null $targetId: seeks the (targetId, at) index
// downwards from the cursor, so a CI's trail costs its page, not the whole trail.
MATCH (e:AuditEntry)
USING INDEX SEEK e:AuditEntry(targetId, at)
WHERE e.targetId = $targetId
  AND e.at <= datetime($afterAt)
  AND CASE WHEN e.at = datetime($afterAt) THEN e.id < $afterId ELSE true END
  AND ($targetType IS NULL OR e.targetType = $targetType)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($issuedBy IS NULL OR e.issuedBy = $issuedBy)
  AND ($from IS NULL OR e.at >= datetime($from))
  AND ($to IS NULL OR e.at < datetime($to))
WITH e
ORDER BY e.targetId DESC, e.at DESC, e.id DESC
LIMIT $limit
RETURN e { .* } AS entry
