// Which sources saw the CI with key $key, when first and last, and whether it is stale for each.
MATCH (s:DiscoverySighting {ciKey: $key})
RETURN s { .* } AS sighting
ORDER BY s.source
