// Discovery (ADR 011): one source per name; sightings and field owners found by source and
// CI, discovered relationships by source and signature.
CREATE CONSTRAINT discovery_source_name IF NOT EXISTS
FOR (s:DiscoverySource) REQUIRE s.name IS UNIQUE
