// The discovery source named $name with its settings and run count; no row when it never ran.
MATCH (s:DiscoverySource {name: $name})
RETURN s { .* } AS source
