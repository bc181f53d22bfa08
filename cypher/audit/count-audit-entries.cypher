// How many audit entries match the filters of list-audit-entries: the totalCount of its
// connection.
MATCH (e:AuditEntry)
WHERE ($targetId IS NULL OR e.targetId = $targetId)
  AND ($targetType IS NULL OR e.targetType = $targetType)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($issuedBy IS NULL OR e.issuedBy = $issuedBy)
  AND ($from IS NULL OR e.at >= datetime($from))
  AND ($to IS NULL OR e.at < datetime($to))
RETURN count(e) AS total
