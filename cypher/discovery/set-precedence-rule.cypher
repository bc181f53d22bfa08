// Sets the sources (highest first) for CI type $ciType and field $field; an empty list removes
// the rule. Returns the rule, or no row when it was removed.
MERGE (p:DiscoveryPrecedence {ciType: $ciType, field: $field})
SET p.sources = $sources, p.updatedAt = datetime($now), p.updatedBy = $actor
WITH p
CALL (p) {
  WITH p WHERE size(p.sources) = 0
  DELETE p
}
WITH p WHERE size($sources) > 0
RETURN p { .ciType, .field, .sources } AS rule
