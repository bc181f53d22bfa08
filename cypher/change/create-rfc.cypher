// Creates an RFC from $props (every stored field, dates as ISO text in $dates) at revision 1.
CREATE (r:Rfc)
SET r = $props
SET r.requestedAt = datetime($dates.requestedAt),
    r.updatedAt = datetime($dates.updatedAt),
    r.plannedStart = CASE WHEN $dates.plannedStart IS NULL THEN null ELSE datetime($dates.plannedStart) END,
    r.plannedEnd = CASE WHEN $dates.plannedEnd IS NULL THEN null ELSE datetime($dates.plannedEnd) END,
    r.attemptedAt = CASE WHEN $dates.attemptedAt IS NULL THEN null ELSE datetime($dates.attemptedAt) END,
    r.revision = 1
RETURN r { .* } AS rfc
