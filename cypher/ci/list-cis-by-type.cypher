// Like list-cis (same rows), for a non-null $types: for each type, at most $limit CIs from the
// (type, key) index in key order, then the first $limit of those: a merge of ordered runs, whose
// cost follows the page and the number of types, not the estate.
UNWIND $types AS type
CALL (type) {
  MATCH (ci:CI)
  USING INDEX SEEK ci:CI(type, key)
  WHERE ci.type = type
    AND ci.key > $after
    AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
    AND ($environment IS NULL OR ci.environment = $environment)
    AND ($owner IS NULL OR ci.owner = $owner)
    AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
  RETURN ci
  ORDER BY ci.type, ci.key
  LIMIT $limit
}
WITH ci
ORDER BY ci.key
LIMIT $limit
RETURN ci { .* } AS ci
