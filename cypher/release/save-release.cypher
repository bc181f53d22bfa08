// Creates release $props.id, or replaces its stored fields (bumping its revision), from $props
// (JSON text for contents, plan, RFCs and deployments) and $plannedDate. Returns it.
MERGE (r:Release {id: $props.id})
  ON CREATE SET r.revision = 0, r.createdBy = $actor, r.createdAt = datetime($now)
WITH r, r.revision AS revision, r.createdBy AS createdBy, r.createdAt AS createdAt
SET r = $props
SET r.plannedDate = datetime($plannedDate),
    r.revision = revision + 1,
    r.createdBy = createdBy,
    r.createdAt = createdAt,
    r.updatedAt = datetime($now)
RETURN r { .* } AS release
