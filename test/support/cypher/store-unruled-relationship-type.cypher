// Test harness only: makes relationship type $name look as an earlier release's default catalogue
// left it (no endpoint rules, revision 1, written by the product). Returns its name.
MATCH (t:RelationshipType {name: $name})
SET t.allowedSourceTypes = null,
    t.allowedTargetTypes = null,
    t.revision = 1,
    t.updatedBy = 'system'
RETURN t.name AS name
