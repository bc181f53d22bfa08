// Replaces the stored fields of RFC $id with $props (dates as ISO text in $dates) and bumps its
// revision. Returns the RFC; no row when there is none.
MATCH (r:Rfc {id: $id})
WITH r, r.revision AS revision, r.number AS number, r.requester AS requester,
     r.requestedAt AS requestedAt
SET r = $props
SET r.id = $id,
    r.number = number,
    r.requester = requester,
    r.requestedAt = requestedAt,
    r.updatedAt = datetime($dates.updatedAt),
    r.plannedStart = CASE WHEN $dates.plannedStart IS NULL THEN null ELSE datetime($dates.plannedStart) END,
    r.plannedEnd = CASE WHEN $dates.plannedEnd IS NULL THEN null ELSE datetime($dates.plannedEnd) END,
    r.attemptedAt = CASE WHEN $dates.attemptedAt IS NULL THEN null ELSE datetime($dates.attemptedAt) END,
    r.revision = revision + 1
RETURN r { .* } AS rfc
