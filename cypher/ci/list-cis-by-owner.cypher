// Like list-cis (same rows), for a non-null $owner: seeks the (owner, key) index in key order
// (ordered by owner then key: the index's own order, one owner).
MATCH (ci:CI)
USING INDEX SEEK ci:CI(owner, key)
WHERE ci.owner = $owner
  AND ci.key > $after
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
WITH ci
ORDER BY ci.owner, ci.key
LIMIT $limit
RETURN ci { .* } AS ci
