// Like list-cis (same rows), for a non-null $lifecycles: for each lifecycle, at most $limit CIs
// from the (lifecycle, key) index in key order, then the first $limit of those.
UNWIND $lifecycles AS lifecycle
CALL (lifecycle) {
  MATCH (ci:CI)
  USING INDEX SEEK ci:CI(lifecycle, key)
  WHERE ci.lifecycle = lifecycle
    AND ci.key > $after
    AND ($types IS NULL OR ci.type IN $types)
    AND ($environment IS NULL OR ci.environment = $environment)
    AND ($owner IS NULL OR ci.owner = $owner)
    AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
  RETURN ci
  ORDER BY ci.lifecycle, ci.key
  LIMIT $limit
}
WITH ci
ORDER BY ci.key
LIMIT $limit
RETURN ci { .* } AS ci
