// One page of the audit trail, newest first, filtered by target, actor, issuer and period (each filter
// null = any), after the cursor ($afterAt, $afterId; the first page: a cursor after every
// entry). Walks the time index downwards and projects only the rows kept by the LIMIT (ADR 016);
// list-audit-entries-of-target gives the same rows for one target.
MATCH (e:AuditEntry)
WHERE e.at <= datetime($afterAt)
  AND CASE WHEN e.at = datetime($afterAt) THEN e.id < $afterId ELSE true END
  AND ($targetId IS NULL OR e.targetId = $targetId)
  AND ($targetType IS NULL OR e.targetType = $targetType)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($issuedBy IS NULL OR e.issuedBy = $issuedBy)
  AND ($from IS NULL OR e.at >= datetime($from))
  AND ($to IS NULL OR e.at < datetime($to))
WITH e
ORDER BY e.at DESC, e.id DESC
LIMIT $limit
RETURN e { .* } AS entry
