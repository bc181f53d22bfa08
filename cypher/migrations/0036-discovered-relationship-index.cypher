// A run finds its source's discovered relationships by signature (from, type, to).
CREATE INDEX discovered_relationship_source_signature IF NOT EXISTS
FOR (r:DiscoveredRelationship) ON (r.source, r.signature)
