// One page of the audit trail, newest first, filtered by target, actor, issuer and period (each filter
// null = any), after the cursor ($afterAt, $afterId) when given.
MATCH (e:AuditEntry)
WHERE ($targetId IS NULL OR e.targetId = $targetId)
  AND ($targetType IS NULL OR e.targetType = $targetType)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($issuedBy IS NULL OR e.issuedBy = $issuedBy)
  AND ($from IS NULL OR e.at >= datetime($from))
  AND ($to IS NULL OR e.at < datetime($to))
  AND ($afterAt IS NULL OR e.at < datetime($afterAt)
       OR (e.at = datetime($afterAt) AND e.id < $afterId))
RETURN e { .* } AS entry
ORDER BY e.at DESC, e.id DESC
LIMIT $limit
