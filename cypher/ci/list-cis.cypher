// Returns up to $limit current CIs matching the filters (each null filter matches all), in key
// order after the cursor $after; no rows past the last page.
MATCH (ci:CI)
WHERE ($after IS NULL OR ci.key > $after)
  AND ($types IS NULL OR ci.type IN $types)
  AND ($lifecycles IS NULL OR ci.lifecycle IN $lifecycles)
  AND ($environment IS NULL OR ci.environment = $environment)
  AND ($owner IS NULL OR ci.owner = $owner)
  AND ($search IS NULL OR toLower(ci.key) CONTAINS $search OR toLower(ci.name) CONTAINS $search)
RETURN ci { .* } AS ci
ORDER BY ci.key
LIMIT $limit
