// Records one run of source $name (made on its first run) with its settings. Returns the source.
MERGE (s:DiscoverySource {name: $name})
  ON CREATE SET s.createdAt = datetime($now), s.runs = 0
SET s.runs = s.runs + 1,
    s.lastRunAt = datetime($now),
    s.lastFormat = $format,
    s.staleAfterRuns = $staleAfterRuns,
    s.holdUnauthorized = $holdUnauthorized
RETURN s { .* } AS source
