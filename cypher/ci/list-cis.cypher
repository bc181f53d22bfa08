// Returns up to $limit current CIs after the key $after ('' = from the first) that match the
// filters (each null filter matches all), in key order; no rows past the last page. Walks the
// key index in order and projects only the rows kept by the LIMIT (ADR 016); the other
// list-cis-by-* statements give the same rows, driven by another index.
MATCH (ci:CI)
WHERE ci.key > $after
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
WITH ci
ORDER BY ci.key
LIMIT $limit
RETURN ci { .* } AS ci
