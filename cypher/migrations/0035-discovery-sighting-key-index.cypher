// A CI's sightings by every source (the "who saw it, when" query).
CREATE INDEX discovery_sighting_key IF NOT EXISTS
FOR (s:DiscoverySighting) ON (s.ciKey)
