// Creates or replaces the CI types in $types ({name, parent, description, attributes (JSON
// text), builtIn}); each write bumps the type's revision. Returns one row per type.
UNWIND $types AS t
MERGE (ct:CIType {name: t.name})
  ON CREATE SET ct.createdAt = datetime($now), ct.revision = 0, ct.builtIn = t.builtIn
SET ct.parent = t.parent,
    ct.description = t.description,
    ct.attributes = t.attributes,
    ct.updatedAt = datetime($now),
    ct.updatedBy = $actor,
    ct.revision = ct.revision + 1
RETURN ct.name AS name, ct.revision AS revision
