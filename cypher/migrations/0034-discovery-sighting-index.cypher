// A run finds its source's sightings by CI key (and the rest of them by source).
CREATE INDEX discovery_sighting_source_key IF NOT EXISTS
FOR (s:DiscoverySighting) ON (s.source, s.ciKey)
