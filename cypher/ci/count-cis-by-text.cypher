// Like count-cis, for a non-null $search: counts the CIs the full-text index ci_search finds for
// $query whose key or name holds $search. The index is eventually consistent (0126): the
// statement first waits for it to hold every committed write.
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
CALL db.index.fulltext.queryNodes('ci_search', $query) YIELD node AS ci
WHERE (toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
RETURN count(ci) AS total
