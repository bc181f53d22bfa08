// The relationships in force by which a PRODUCTION CI depends directly on a CI whose lifecycle is
// in $lifecycles: a type of $sourceDependent leaving the PRODUCTION CI, or of $targetDependent
// reaching it. Starts at the CIs in $lifecycles (the (lifecycle, key) index: every CI has a key,
// and the seek needs a predicate on both) and expands only their relationships, so the cost
// follows the CIs not yet in production, never the production estate
// (the other end carries no label on purpose: with one, the planner seeks every PRODUCTION CI by
// the same index and joins). Both ends' id, key, type and lifecycle; no rows when there is none.
MATCH (needed:CI)
USING INDEX SEEK needed:CI(lifecycle, key)
WHERE needed.lifecycle IN $lifecycles
  AND needed.key IS NOT NULL
CALL (needed) {
  MATCH (needed)<-[r]-(user)
  WHERE type(r) IN $sourceDependent AND r.validTo IS NULL AND user.lifecycle = 'PRODUCTION'
  RETURN user AS a, r, needed AS b
  UNION ALL
  MATCH (needed)-[r]->(user)
  WHERE type(r) IN $targetDependent AND r.validTo IS NULL AND user.lifecycle = 'PRODUCTION'
  RETURN needed AS a, r, user AS b
}
RETURN type(r) AS type,
       a { .id, .key, .type, .lifecycle } AS from,
       b { .id, .key, .type, .lifecycle } AS to
ORDER BY from.key, type, to.key
