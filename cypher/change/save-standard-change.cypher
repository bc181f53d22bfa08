// Creates or replaces the standard change template $props.name (its id kept when it exists),
// bumping its revision. Returns it.
MERGE (s:StandardChange {name: $props.name})
  ON CREATE SET s.id = $id, s.revision = 0, s.createdBy = $actor, s.createdAt = datetime($now)
WITH s, s.id AS id, s.revision AS revision, s.createdBy AS createdBy, s.createdAt AS createdAt
SET s = $props
SET s.id = id,
    s.revision = revision + 1,
    s.createdBy = createdBy,
    s.createdAt = createdAt,
    s.updatedAt = datetime($now),
    s.updatedBy = $actor
RETURN s { .* } AS template
