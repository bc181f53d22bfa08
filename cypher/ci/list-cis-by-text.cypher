// Like list-cis (same rows), for a non-null $search: the CIs the full-text index ci_search finds
// for $query (each word of the search as a wildcard term, all required: a superset), kept only
// where the key or the name holds $search, then in key order after $after; projected only after
// the LIMIT. Costs what the matches cost, not the estate. The index is eventually consistent
// (0126): the statement first waits for it to hold every committed write.
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
CALL db.index.fulltext.queryNodes('ci_search', $query) YIELD node AS ci
WHERE ci.key > $after
  AND (toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
WITH ci
ORDER BY ci.key
LIMIT $limit
RETURN ci { .* } AS ci
