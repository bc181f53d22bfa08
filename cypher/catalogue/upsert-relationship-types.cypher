// Creates or replaces the relationship types in $types; each write bumps the type's revision.
// Returns one row per type.
UNWIND $types AS t
MERGE (rt:RelationshipType {name: t.name})
  ON CREATE SET rt.createdAt = datetime($now), rt.revision = 0, rt.builtIn = t.builtIn
SET rt.inverseName = t.inverseName,
    rt.dependent = t.dependent,
    rt.allowedSourceTypes = t.allowedSourceTypes,
    rt.allowedTargetTypes = t.allowedTargetTypes,
    rt.description = t.description,
    rt.membership = t.membership,
    rt.updatedAt = datetime($now),
    rt.updatedBy = $actor,
    rt.revision = rt.revision + 1
RETURN rt.name AS name, rt.revision AS revision
