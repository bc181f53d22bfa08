// How many current CIs match the filters of list-cis (each null filter matches all): the
// totalCount of its connection when no index can drive the count (a search without a letter or
// digit and no other filter; ADR 016): reads every CI.
MATCH (ci:CI)
WHERE ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
RETURN count(ci) AS total
